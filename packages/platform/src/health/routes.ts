// Owns mounting /healthz and /readyz on an app that already runs fastify (delivery, beacon, ...).
import type { FastifyHost } from '../fastify-host.js';
import { liveness, readinessResponse } from './health.js';
import type { Health } from './health.js';

export interface HealthRouteOptions {
  readonly livenessPath?: string;
  readonly readinessPath?: string;
}

export function registerHealthRoutes(app: FastifyHost, health: Health, options: HealthRouteOptions = {}): void {
  // Probes hit these every few seconds; keep them out of the info-level request log.
  app.get(options.livenessPath ?? '/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const response = liveness();
    return reply.code(response.statusCode).send(response.body);
  });
  app.get(options.readinessPath ?? '/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const response = await readinessResponse(health);
    return reply.code(response.statusCode).send(response.body);
  });
}
