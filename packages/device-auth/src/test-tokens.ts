// Signs device tokens with a shared HS256 key: the local stack's simulated devices and the tests
// use it. Production tokens come from the identity provider (RS256); nothing here runs there.
import { SignJWT } from 'jose';
import { DEVICE_CLAIM } from './verifier.js';

export interface DeviceTokenClaims {
  readonly userId: string;
  readonly deviceId: string;
  /** Seconds from now until expiry; negative makes an already-expired token (default 1 h). */
  readonly expiresInSec?: number;
  readonly issuer?: string;
  readonly audience?: string;
}

export async function signDeviceToken(secret: string, claims: DeviceTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (claims.expiresInSec ?? 3600);
  let jwt = new SignJWT({ [DEVICE_CLAIM]: claims.deviceId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuedAt(Math.min(now, exp - 1))
    .setExpirationTime(exp);
  if (claims.issuer) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
