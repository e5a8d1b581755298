// Verifies a device's JWT and returns who is calling: the subject is the Tessera user id, the
// `did` claim the installation (device) id. HS256 with a shared key is the local default (the
// dev key signs demo and test devices); production verifies RS256 against the identity
// provider's JWKS (keys fetched and cached by jose, rotated without a restart) or a fixed PEM.
import { webcrypto } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, errors, importSPKI, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { deviceAuthError } from './errors.js';
import type { DeviceAuthError } from './errors.js';

export interface DeviceIdentity {
  readonly userId: string;
  readonly deviceId: string;
}

export type VerifierKeys =
  | { readonly kind: 'hs256'; readonly secret: string }
  | { readonly kind: 'rs256-jwks'; readonly jwksUrl: string }
  | { readonly kind: 'rs256-jwks-local'; readonly jwks: { keys: Record<string, unknown>[] } }
  | { readonly kind: 'rs256-pem'; readonly publicKeyPem: string };

export interface VerifierOptions {
  readonly keys: VerifierKeys;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  /** Accepted clock skew between the token issuer and this server (default 30 s). */
  readonly clockToleranceSec?: number;
  /**
   * Longest a token may still be valid for, from now (default 7 days). A token whose `exp` is
   * further away (a forged lifetime, `exp: 1e300`) is refused: device tokens are short-lived and
   * refreshed, so a far `exp` means a misconfigured issuer or a token that must not live forever.
   */
  readonly maxLifetimeSec?: number;
}

export const DEFAULT_MAX_LIFETIME_SEC = 7 * 24 * 3600;

/** `expiresAt`: the token's `exp` in ms, for callers that hold a connection open past the check (delivery). */
export type VerifyResult = { ok: true; identity: DeviceIdentity; expiresAt: number } | { ok: false; error: DeviceAuthError };
export type VerifyDeviceToken = (token: string) => Promise<VerifyResult>;

/** The claim naming the device; the subject names the user. */
export const DEVICE_CLAIM = 'did';
// Same shape as contracts' ids: these values end up in Kafka keys and Redis keys.
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Key = webcrypto.CryptoKey | Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey;

async function resolveKey(keys: VerifierKeys): Promise<Key> {
  switch (keys.kind) {
    case 'hs256':
      // Imported once: given the raw bytes, jose imports a WebCrypto key on every verify, which
      // costs CPU and native memory on each request (and on each WebSocket handshake in delivery).
      return webcrypto.subtle.importKey('raw', new TextEncoder().encode(keys.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    case 'rs256-jwks':
      return createRemoteJWKSet(new URL(keys.jwksUrl));
    case 'rs256-jwks-local':
      return createLocalJWKSet(keys.jwks as never);
    case 'rs256-pem':
      return importSPKI(keys.publicKeyPem, 'RS256');
  }
}

export async function createVerifier(options: VerifierOptions): Promise<VerifyDeviceToken> {
  const key = await resolveKey(options.keys);
  const maxLifetimeSec = options.maxLifetimeSec ?? DEFAULT_MAX_LIFETIME_SEC;
  // One algorithm per deployment: accepting both would let an RS256 public key be used as an
  // HS256 secret (algorithm confusion).
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [options.keys.kind === 'hs256' ? 'HS256' : 'RS256'],
    clockTolerance: options.clockToleranceSec ?? 30,
    requiredClaims: ['sub', 'exp'],
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      // jose's overloads differ by key type; the runtime accepts all three.
      ({ payload } = await jwtVerify(token, key as unknown as Uint8Array, verifyOptions));
    } catch (cause) {
      return { ok: false, error: classify(cause) };
    }
    const lifetime = (payload.exp ?? 0) - Math.floor(Date.now() / 1000);
    if (!(lifetime <= maxLifetimeSec)) {
      return { ok: false, error: deviceAuthError('invalid_token', `the token expires more than ${maxLifetimeSec} s from now`) };
    }
    const userId = payload.sub;
    const deviceId = payload[DEVICE_CLAIM];
    if (typeof userId !== 'string' || !ID.test(userId)) {
      return { ok: false, error: deviceAuthError('invalid_token', 'the token subject is not a user id') };
    }
    if (typeof deviceId !== 'string' || !ID.test(deviceId)) {
      return { ok: false, error: deviceAuthError('invalid_token', `the token has no valid "${DEVICE_CLAIM}" (device id) claim`) };
    }
    // exp is a required claim, so jose has checked it is a number.
    return { ok: true, identity: { userId, deviceId }, expiresAt: (payload.exp as number) * 1000 };
  };
}

function classify(cause: unknown): DeviceAuthError {
  if (cause instanceof errors.JWTExpired) return deviceAuthError('token_expired', 'the token has expired; refresh it', cause);
  // The key set could not be fetched: not the device's fault, and retrying can succeed.
  if (cause instanceof errors.JWKSTimeout || cause instanceof errors.JOSEError && cause.code === 'ERR_JWKS_INVALID') {
    return deviceAuthError('auth_unavailable', 'the signing keys are unavailable; retry later', cause);
  }
  if (cause instanceof errors.JOSEError) return deviceAuthError('invalid_token', `the token was refused (${cause.code})`, cause);
  if (cause instanceof TypeError) return deviceAuthError('auth_unavailable', 'the signing keys are unavailable; retry later', cause);
  return deviceAuthError('invalid_token', 'the token was refused', cause);
}
