// Fastify wiring for device endpoints: the JWT is checked in onRequest, before the body is read,
// so an unauthenticated client cannot make us parse megabytes; the identity is then available to
// the handlers through `deviceOf(request)`. Register it inside the plugin that holds the device
// routes, so /healthz and /metrics stay open.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deviceAuthError, errorBody } from './errors.js';
import type { DeviceAuthError, DeviceAuthErrorCode } from './errors.js';
import type { DeviceIdentity, VerifyDeviceToken } from './verifier.js';

const identities = new WeakMap<FastifyRequest, DeviceIdentity>();

export interface DeviceAuthHooks {
  /** Called once per refused request, e.g. to count refusals per code. */
  readonly onRejected?: (code: DeviceAuthErrorCode) => void;
}

export function sendDeviceAuthError(reply: FastifyReply, e: DeviceAuthError): FastifyReply {
  if (e.status === 401) void reply.header('www-authenticate', `Bearer realm="tessera-devices", error="${e.code === 'missing_token' ? 'invalid_request' : 'invalid_token'}"`);
  if (e.retriable) void reply.header('retry-after', '5');
  return reply.code(e.status).send(errorBody(e));
}

/** Adds the onRequest hook that refuses requests without a valid device token. */
export function registerDeviceAuth(app: FastifyInstance, verify: VerifyDeviceToken, hooks: DeviceAuthHooks = {}): void {
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    let refusal: DeviceAuthError | undefined;
    if (!match?.[1]) {
      refusal = deviceAuthError('missing_token', 'send the device token as "Authorization: Bearer <jwt>"');
    } else {
      const result = await verify(match[1]);
      if (result.ok) identities.set(request, result.identity);
      else refusal = result.error;
    }
    if (refusal) {
      hooks.onRejected?.(refusal.code);
      return sendDeviceAuthError(reply, refusal);
    }
  });
}

/** The verified caller; throws if the route was registered outside `registerDeviceAuth`. */
export function deviceOf(request: FastifyRequest): DeviceIdentity {
  const identity = identities.get(request);
  if (!identity) throw new Error('deviceOf: no verified device on this request (is registerDeviceAuth registered?)');
  return identity;
}
