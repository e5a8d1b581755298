// Builds delivery's HTTP server from explicit dependencies (node, verifier, admission, metrics,
// health), so tests build it against real Redis and Kafka. Routes:
//   GET /v1/socket   WebSocket; admission, token and lastOffset are checked before the upgrade,
//                    a refusal is an HTTP error envelope and no socket is ever opened
//   GET /v1/feed     REST fallback: the same snapshot a new socket gets first
//   /demo/ (+ POST /demo/token when enabled)   the lock-screen demo page, see demo/routes.ts
//   /healthz /readyz /metrics
// permessage-deflate is off (CPU and memory per socket for small frames), frames from devices are
// capped at maxPayload (ws closes with 1009 above it), and no client list is kept by ws: the node
// tracks its sessions itself.
import websocket from '@fastify/websocket';
import type { VerifyDeviceToken } from '@tessera/device-auth/verifier';
import type { Health } from '@tessera/platform/health';
import { registerHealthRoutes } from '@tessera/platform/health/routes';
import { registerHttpMetrics } from '@tessera/platform/http-metrics';
import { registerMetricsRoute } from '@tessera/platform/metrics';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { registerDemoRoutes } from './demo/routes.js';
import type { DemoOptions } from './demo/routes.js';
import type { AdmissionControl } from './http/admission.js';
import { authenticate } from './http/authenticate.js';
import type { Authenticated } from './http/authenticate.js';
import { sendDeliveryError } from './http/errors.js';
import { selectProtocol } from './http/token.js';
import type { DeliveryMetrics } from './metrics.js';
import type { DeliveryNode } from './node.js';
import { isOffset } from './protocol/offsets.js';

export interface DeliveryAppDeps {
  readonly node: DeliveryNode;
  readonly verify: VerifyDeviceToken;
  readonly admission: AdmissionControl;
  readonly metrics: DeliveryMetrics;
  readonly registry: Registry;
  readonly health?: Health;
  readonly maxPayloadBytes: number;
  readonly demo?: DemoOptions;
  readonly logger?: FastifyBaseLogger;
}

interface Accepted extends Authenticated {
  readonly lastOffset: string | null;
}

export async function buildDeliveryApp(deps: DeliveryAppDeps): Promise<FastifyInstance> {
  const { node, admission, metrics } = deps;
  // No log line per request: a reconnect storm is thousands of upgrades a second.
  const app = Fastify({ logController: new LogController({ disableRequestLogging: true }), ...(deps.logger ? { loggerInstance: deps.logger } : {}) }) as unknown as FastifyInstance;
  const accepted = new WeakMap<FastifyRequest, Accepted>();
  const reserved = new WeakSet<FastifyRequest>();
  let upgrading = 0;
  const release = (request: FastifyRequest) => {
    if (reserved.delete(request)) upgrading -= 1;
  };
  const refused = (code: string) => metrics.refused.inc({ code });

  app.setErrorHandler((error, request, reply) => {
    release(request);
    request.log.error({ err: error }, 'delivery request failed');
    return sendDeliveryError(reply, 'internal_error', 'unexpected error; retry later');
  });
  app.setNotFoundHandler((request, reply) => sendDeliveryError(reply, 'route_not_found', `no route ${request.method} ${request.url}`));
  app.addHook('onRequestAbort', async (request) => release(request));
  registerMetricsRoute(app, deps.registry);
  registerHttpMetrics(app, deps.registry);
  if (deps.health) registerHealthRoutes(app, deps.health);

  await app.register(websocket, {
    options: { maxPayload: deps.maxPayloadBytes, perMessageDeflate: false, clientTracking: false, handleProtocols: selectProtocol },
    // Sockets are closed by the node's drain (close code `draining`), not by fastify's close.
    preClose: (done) => {
      for (const s of node.sessions.all()) s.ws.terminate();
      done();
    },
  });

  app.route({
    method: 'GET',
    url: '/v1/socket',
    preValidation: async (request, reply) => {
      if (!request.ws) return;
      const admit = admission.admit(node.sessions.size + upgrading);
      if (!admit.ok) {
        refused(admit.code);
        return sendDeliveryError(reply, admit.code, admit.code === 'draining' ? 'this node is shutting down; connect to another' : 'the node is at capacity; retry after the given delay', admit.retryAfterSec);
      }
      reserved.add(request);
      upgrading += 1;
      const lastOffset = (request.query as Record<string, unknown>).lastOffset;
      if (lastOffset !== undefined && (typeof lastOffset !== 'string' || !isOffset(lastOffset))) {
        release(request);
        refused('invalid_offset');
        return sendDeliveryError(reply, 'invalid_offset', 'lastOffset must be an offset received from this service ("<ms>-<seq>")');
      }
      const who = await authenticate(request, reply, deps.verify, refused);
      if (!who) return release(request);
      accepted.set(request, { ...who, lastOffset: typeof lastOffset === 'string' ? lastOffset : null });
    },
    handler: async (_request, reply) => sendDeliveryError(reply, 'upgrade_required', 'GET /v1/socket is a WebSocket endpoint; GET /v1/feed is the REST fallback'),
    wsHandler: (socket, request) => {
      const who = accepted.get(request);
      // The plugin keeps the request for the socket's lifetime; what it carried is not needed.
      accepted.delete(request);
      release(request);
      if (!who) return socket.terminate();
      // Nothing below keeps the request: a socket should cost only its own state.
      void node.open(socket, who.identity, who.expiresAt, who.lastOffset);
    },
  });

  app.get('/v1/feed', async (request, reply) => {
    const who = await authenticate(request, reply, deps.verify, refused);
    if (!who) return reply;
    let body: string;
    try {
      body = await node.snapshot(who.identity.userId, who.expiresAt);
    } catch (err) {
      request.log.warn({ err }, 'snapshot unavailable');
      return sendDeliveryError(reply, 'state_unavailable', 'the feed store is unavailable; retry later');
    }
    return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send(body);
  });

  if (deps.demo) await registerDemoRoutes(app, deps.demo);
  return app;
}
