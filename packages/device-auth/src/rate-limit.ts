// Per-device rate limit for device endpoints, on @fastify/rate-limit. It runs in preParsing,
// after the token was verified (onRequest) and before the body is read, and counts per device
// id, not per IP: phones behind one carrier NAT share addresses. With `redis` the counters are
// shared by every instance of the app; without it each process counts on its own.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deviceOf } from './fastify.js';

export interface DeviceRateLimitOptions {
  /** Requests per device per window. */
  readonly max: number;
  readonly timeWindowMs: number;
  /** An ioredis client for counters shared across instances. */
  readonly redis?: unknown;
  /** Redis key prefix (tests use a unique one). */
  readonly nameSpace?: string;
}

/** What the rate limiter throws; the app's error handler answers it like any device refusal. */
export class RateLimitedError extends Error {
  readonly statusCode = 429;
  readonly code = 'rate_limited';
  readonly retriable = true;
  constructor(readonly retryAfterMs: number) {
    super(`too many requests from this device; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
  }
}

export function isRateLimited(error: unknown): error is RateLimitedError {
  return error instanceof RateLimitedError;
}


export async function registerDeviceRateLimit(app: FastifyInstance, options: DeviceRateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    hook: 'preParsing',
    max: options.max,
    timeWindow: options.timeWindowMs,
    keyGenerator: (request: FastifyRequest) => deviceOf(request).deviceId,
    ...(options.redis ? { redis: options.redis as never } : {}),
    ...(options.nameSpace ? { nameSpace: options.nameSpace } : {}),
    // A Redis outage must not take the endpoint down with it; the limit is a guard, not a quota.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => new RateLimitedError(context.ttl),
  });
}
