import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { signDeviceToken } from './test-tokens.js';
import { createVerifier } from './verifier.js';

const SECRET = 'dev-secret-of-at-least-32-chars!!';

describe('HS256 device tokens', () => {
  it('returns the user (sub) and device (did) of a valid token', async () => {
    const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET } });
    const token = await signDeviceToken(SECRET, { userId: 'u-1', deviceId: 'd-1', expiresInSec: 600 });
    const result = await verify(token);
    expect(result).toMatchObject({ ok: true, identity: { userId: 'u-1', deviceId: 'd-1' } });
    // exp in ms, whole seconds, about ten minutes ahead
    const expiresAt = (result as { expiresAt: number }).expiresAt;
    expect(expiresAt % 1000).toBe(0);
    expect(Math.abs(expiresAt - (Date.now() + 600_000))).toBeLessThan(5_000);
  });

  it('refuses expired, forged and malformed tokens with distinct codes', async () => {
    const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET }, clockToleranceSec: 0 });
    const expired = await signDeviceToken(SECRET, { userId: 'u-1', deviceId: 'd-1', expiresInSec: -60 });
    const forged = await signDeviceToken('another-secret-of-32-characters!!', { userId: 'u-1', deviceId: 'd-1' });
    expect(await verify(expired)).toMatchObject({ ok: false, error: { code: 'token_expired', status: 401 } });
    expect(await verify(forged)).toMatchObject({ ok: false, error: { code: 'invalid_token', status: 401 } });
    expect(await verify('not.a.jwt')).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
  });

  it('refuses a token that stays valid longer than maxLifetimeSec (default 7 days), exp 1e300 included', async () => {
    const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET } });
    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    for (const exp of [1e300, now + 8 * 86_400]) {
      const token = await new SignJWT({ did: 'd-1', exp }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').sign(key);
      expect(await verify(token)).toMatchObject({ ok: false, error: { code: 'invalid_token', message: expect.stringContaining('expires more than') } });
    }
    expect((await verify(await signDeviceToken(SECRET, { userId: 'u-1', deviceId: 'd-1', expiresInSec: 6 * 86_400 }))).ok).toBe(true);
    const strict = await createVerifier({ keys: { kind: 'hs256', secret: SECRET }, maxLifetimeSec: 3600 });
    expect(await strict(await signDeviceToken(SECRET, { userId: 'u-1', deviceId: 'd-1', expiresInSec: 7200 }))).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
  });

  it('refuses a token without a device claim or with an unsafe subject', async () => {
    const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET } });
    const key = new TextEncoder().encode(SECRET);
    const noDevice = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setExpirationTime('1h').sign(key);
    const badSub = await signDeviceToken(SECRET, { userId: 'u:{x}', deviceId: 'd-1' });
    expect(await verify(noDevice)).toMatchObject({ ok: false, error: { code: 'invalid_token', message: expect.stringContaining('did') } });
    expect(await verify(badSub)).toMatchObject({ ok: false, error: { code: 'invalid_token', message: expect.stringContaining('subject') } });
  });

  it('checks issuer and audience when configured', async () => {
    const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET }, issuer: 'https://id.tessera', audience: 'tessera-devices' });
    const good = await signDeviceToken(SECRET, { userId: 'u', deviceId: 'd', issuer: 'https://id.tessera', audience: 'tessera-devices' });
    const wrongAud = await signDeviceToken(SECRET, { userId: 'u', deviceId: 'd', issuer: 'https://id.tessera', audience: 'other' });
    expect((await verify(good)).ok).toBe(true);
    expect(await verify(wrongAud)).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
  });
});

describe('RS256 device tokens', () => {
  it('verifies against a JWKS and refuses an HS256 token signed with a guessable secret', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const verify = await createVerifier({ keys: { kind: 'rs256-jwks-local', jwks: { keys: [jwk] } } });
    const token = await new SignJWT({ did: 'd-9' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('u-9').setExpirationTime('10m').sign(privateKey);
    expect(await verify(token)).toMatchObject({ ok: true, identity: { userId: 'u-9', deviceId: 'd-9' } });
    const hs = await signDeviceToken(SECRET, { userId: 'u-9', deviceId: 'd-9' });
    expect(await verify(hs)).toMatchObject({ ok: false, error: { code: 'invalid_token' } });
  });
});
