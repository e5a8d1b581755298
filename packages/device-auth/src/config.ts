// The token settings every app that verifies device tokens reads (beacon, clicks-tracker,
// delivery): one config fragment to spread into an app's schema, and the verifier keys it selects.
// Declarations only, so the docs printer can import it.
import { Type } from '@sinclair/typebox';
import { env } from '@tessera/platform/config/env';
import type { VerifierKeys } from './verifier.js';

// Signs the local stack's simulated devices; production sets JWT_JWKS_URL or JWT_PUBLIC_KEY_PEM.
export const DEV_DEVICE_KEY = 'tessera-local-device-key-not-for-production';

export const DeviceAuthEnv = Type.Object({
  JWT_HS256_SECRET: env.secret({ minLength: 32, default: DEV_DEVICE_KEY, description: 'HS256 key of device tokens (used when no RS256 key is configured)' }),
  JWT_JWKS_URL: Type.Optional(env.url({ protocols: ['https', 'http'], description: 'RS256: JWKS of the identity provider (takes precedence)' })),
  JWT_PUBLIC_KEY_PEM: Type.Optional(env.string({ description: 'RS256: SPKI PEM public key (when no JWKS URL)' })),
  JWT_ISSUER: Type.Optional(env.string({ description: 'Required iss claim' })),
  JWT_AUDIENCE: Type.Optional(env.string({ description: 'Required aud claim' })),
});

export interface DeviceAuthConfig {
  readonly JWT_HS256_SECRET: string;
  readonly JWT_JWKS_URL?: string | undefined;
  readonly JWT_PUBLIC_KEY_PEM?: string | undefined;
}

/** The keys the verifier uses: a JWKS URL first, then a PEM public key, else the HS256 secret. */
export function verifierKeys(config: DeviceAuthConfig): VerifierKeys {
  if (config.JWT_JWKS_URL) return { kind: 'rs256-jwks', jwksUrl: config.JWT_JWKS_URL };
  if (config.JWT_PUBLIC_KEY_PEM) return { kind: 'rs256-pem', publicKeyPem: config.JWT_PUBLIC_KEY_PEM.replace(/\\n/g, '\n') };
  return { kind: 'hs256', secret: config.JWT_HS256_SECRET };
}
