// The lock-screen demo page, served by delivery so it shares the socket's origin: /demo/ (the
// page, its script and styles from ../../public), /demo/config.json (where beacon and
// clicks-tracker are, which demo users exist) and, only when demo users are configured (the local
// stack), POST /demo/token: a short-lived HS256 device token for one of those users. The endpoint
// is off by default, signs only for the listed demo users and refuses to start without an HS256
// key, so a production deployment (RS256 from the identity provider) cannot mint tokens.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import type { FastifyInstance } from 'fastify';
import { sendDeliveryError } from '../http/errors.js';

export interface DemoOptions {
  /** Users POST /demo/token signs for; empty = the endpoint answers 404 demo_tokens_disabled. */
  readonly users: readonly { readonly userId: string; readonly deviceId: string }[];
  /** HS256 key the tokens are signed with (required when users is not empty). */
  readonly hs256Secret?: string;
  readonly tokenTtlSec?: number;
  readonly beaconUrl?: string;
  readonly clicksUrl?: string;
}

const PUBLIC = new URL('../../public/', import.meta.url);
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export async function registerDemoRoutes(app: FastifyInstance, options: DemoOptions): Promise<void> {
  if (options.users.length > 0 && !options.hs256Secret) throw new Error('demo tokens need an HS256 key; unset DEMO_TOKEN_USERS with RS256 keys');
  const files = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(fileURLToPath(new URL(name, PUBLIC))) }]));

  app.get('/demo', async (_request, reply) => reply.redirect('/demo/'));
  app.get('/demo/', async (_request, reply) => asset(reply, 'index.html'));
  app.get<{ Params: { name: string } }>('/demo/:name', async (request, reply) => {
    if (request.params.name === 'config.json') {
      return reply.header('cache-control', 'no-store').send({
        beaconUrl: options.beaconUrl ?? '', clicksUrl: options.clicksUrl ?? '',
        users: options.users.map((u) => u.userId), tokens: options.users.length > 0,
      });
    }
    if (!files.has(request.params.name)) return sendDeliveryError(reply, 'route_not_found', `no demo asset ${request.params.name}`);
    return asset(reply, request.params.name);
  });

  app.post<{ Body: { userId?: unknown } }>('/demo/token', async (request, reply) => {
    if (options.users.length === 0 || !options.hs256Secret) return sendDeliveryError(reply, 'demo_tokens_disabled', 'demo tokens are off (DEMO_TOKEN_USERS is empty)');
    const user = options.users.find((u) => u.userId === request.body?.userId);
    if (!user) return sendDeliveryError(reply, 'not_a_demo_user', 'tokens are issued only for the configured demo users');
    const ttl = options.tokenTtlSec ?? 3_600;
    const token = await signDeviceToken(options.hs256Secret, { userId: user.userId, deviceId: user.deviceId, expiresInSec: ttl });
    return reply.header('cache-control', 'no-store').send({ token, userId: user.userId, deviceId: user.deviceId, expiresInSec: ttl });
  });

  function asset(reply: import('fastify').FastifyReply, name: string) {
    const file = files.get(name)!;
    return reply.header('content-type', file.type).header('cache-control', 'no-cache').send(file.body);
  }
}
