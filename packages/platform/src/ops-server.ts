// Owns the small operations HTTP endpoint for apps with no HTTP server of their own (pure Kafka
// consumers such as the archiver or the recommender): /metrics, /healthz and /readyz on one port.
// Plain node:http on purpose: three read-only routes do not need a framework's plugin graph.
// Errors use the envelope every Tessera HTTP endpoint answers with (./http/errors.ts).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Registry } from 'prom-client';
import { liveness, readinessResponse } from './health/health.js';
import { answerClientError, errorBody, HTTP_FRAMEWORK_ERRORS, quoted } from './http/errors.js';
import type { HttpFrameworkErrorCode } from './http/errors.js';
import type { Health, HealthResponse } from './health/health.js';
import { renderMetrics } from './metrics.js';

export interface OpsServerOptions {
  /** 0 picks a free port (tests, the local stack); read the chosen one from `port`. */
  readonly port: number;
  readonly host?: string;
  readonly registry: Registry;
  readonly health: Health;
}

export interface OpsServer {
  readonly port: number;
  readonly url: string;
  /** Stops listening and drops idle keep-alive sockets so shutdown is not held up by a scraper. */
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, response: HealthResponse): void {
  res.writeHead(response.statusCode, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(response.body));
}

function sendError(res: ServerResponse, code: HttpFrameworkErrorCode, message: string, headers: Record<string, string> = {}): void {
  const spec = HTTP_FRAMEWORK_ERRORS[code];
  res.writeHead(spec.status, { 'content-type': 'application/json; charset=utf-8', ...(spec.retriable ? { 'retry-after': '5' } : {}), ...headers });
  res.end(JSON.stringify(errorBody(code, spec, message)));
}

const ROUTES = new Set(['/metrics', '/healthz', '/readyz']);

async function route(req: IncomingMessage, res: ServerResponse, options: OpsServerOptions): Promise<void> {
  // Not `new URL`: it throws on some request targets, and only the path is needed.
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (!ROUTES.has(path)) {
    sendError(res, 'route_not_found', `no route ${quoted(path)}`);
  } else if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 'method_not_allowed', `${req.method ?? ''} is not allowed on ${path}; use GET, HEAD`, { allow: 'GET, HEAD' });
  } else if (path === '/metrics') {
    const metrics = await renderMetrics(options.registry);
    res.writeHead(metrics.statusCode, { 'content-type': metrics.contentType, ...metrics.headers }).end(metrics.body);
  } else if (path === '/healthz') {
    sendJson(res, liveness());
  } else if (path === '/readyz') {
    sendJson(res, await readinessResponse(options.health));
  }
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((error: unknown) => {
      // Not the error's text: it may hold internals (a collector's failure, a dependency's address).
      void error;
      if (!res.headersSent) sendError(res, 'internal_error', 'unexpected error; retry later');
      else res.destroy();
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket as Socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    port,
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
