// Owns the small operations HTTP endpoint for apps with no HTTP server of their own (pure Kafka
// consumers such as the archiver or the recommender): /metrics, /healthz and /readyz on one port.
// Plain node:http on purpose: three read-only routes do not need a framework's plugin graph.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { liveness, readinessResponse } from './health/health.js';
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

async function route(req: IncomingMessage, res: ServerResponse, options: OpsServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://ops').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
  } else if (path === '/metrics') {
    const metrics = await renderMetrics(options.registry);
    res.writeHead(metrics.statusCode, { 'content-type': metrics.contentType }).end(metrics.body);
  } else if (path === '/healthz') {
    sendJson(res, liveness());
  } else if (path === '/readyz') {
    sendJson(res, await readinessResponse(options.health));
  } else {
    sendJson(res, { statusCode: 404, body: { error: 'NOT_FOUND', message: `no route ${path}` } });
  }
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, { statusCode: 500, body: { error: 'INTERNAL', message: String(error) } });
      else res.destroy();
    });
  });
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
