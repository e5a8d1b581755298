// Device tokens as the apps expect them (packages/device-auth): HS256 JWTs with sub = user id and
// did = device id, signed with the deployment's device key (DEVICE_JWT_SECRET; the local stack's
// dev key by default). A deployment that verifies RS256 tokens of an identity provider needs
// tokens minted there instead: pass them as TOKENS (comma-separated, used round robin).
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';

const LOCAL_KEY = 'tessera-local-device-key-not-for-production';

export function deviceToken(userId: string, deviceId: string, lifetimeSec = 3_600): string {
  const issued = __ENV.TOKENS?.split(',').filter((t) => t !== '');
  if (issued && issued.length > 0) return issued[Math.abs(hash(userId)) % issued.length]!;
  const now = Math.floor(Date.now() / 1000);
  const header = encoding.b64encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'rawurl');
  const payload = encoding.b64encode(JSON.stringify({ sub: userId, did: deviceId, iat: now, exp: now + lifetimeSec }), 'rawurl');
  const signature = crypto.hmac('sha256', __ENV.DEVICE_JWT_SECRET ?? LOCAL_KEY, `${header}.${payload}`, 'base64rawurl');
  return `${header}.${payload}.${signature}`;
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
