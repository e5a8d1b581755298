// The checks every device request to delivery passes before anything else is done for it: a
// token (see token.ts for where it may be), verified locally (no session store, so a reconnect
// storm costs CPU only), and, when the device names a user (`userId` query parameter), the
// token's user must be that one: a phone that mixed up accounts gets 403 rather than someone
// else's cards. Identity comes only from the token.
import { sendDeviceAuthError } from '@tessera/device-auth/fastify';
import { deviceAuthError } from '@tessera/device-auth/errors';
import type { DeviceAuthErrorCode } from '@tessera/device-auth/errors';
import type { DeviceIdentity, VerifyDeviceToken } from '@tessera/device-auth/verifier';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendDeliveryError } from './errors.js';
import { findToken } from './token.js';

export interface Authenticated {
  readonly identity: DeviceIdentity;
  readonly expiresAt: number;
}

/** Sends the refusal and returns undefined, or returns who is calling. */
export async function authenticate(request: FastifyRequest, reply: FastifyReply, verify: VerifyDeviceToken, onRejected: (code: string) => void): Promise<Authenticated | undefined> {
  const query = request.query as Record<string, unknown>;
  const found = findToken(request.headers, query);
  const refuse = (code: DeviceAuthErrorCode, message: string) => {
    onRejected(code);
    void sendDeviceAuthError(reply, deviceAuthError(code, message));
    return undefined;
  };
  if (!found) return refuse('missing_token', 'send the device token as "Authorization: Bearer <jwt>" (or the tessera.bearer.<jwt> subprotocol)');
  const result = await verify(found.token);
  if (!result.ok) {
    onRejected(result.error.code);
    void sendDeviceAuthError(reply, result.error);
    return undefined;
  }
  const claimed = query.userId;
  if (claimed !== undefined && claimed !== result.identity.userId) {
    onRejected('user_mismatch');
    void sendDeliveryError(reply, 'user_mismatch', 'the token belongs to another user than the userId asked for');
    return undefined;
  }
  return { identity: result.identity, expiresAt: result.expiresAt };
}
