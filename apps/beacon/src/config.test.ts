import { loadConfig } from '@tessera/platform/config';
import { describe, expect, it } from 'vitest';
import { verifierKeys } from '@tessera/device-auth/config';
import { kafkaSettings } from '@tessera/streams/kafka-config';
import { ConfigSchema } from './config.js';

describe('config', () => {
  it('runs locally with no variables: HS256 dev key, local Kafka, no SASL', () => {
    const config = loadConfig(ConfigSchema, {});
    expect(verifierKeys(config).kind).toBe('hs256');
    expect(kafkaSettings(config, 'x')).toEqual({ brokers: ['127.0.0.1:9092'], clientId: 'x', ssl: false });
  });

  it('uses RS256 from a JWKS URL in production, and SASL over TLS when configured', () => {
    const config = loadConfig(ConfigSchema, {
      JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json', KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'key', KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(verifierKeys(config)).toEqual({ kind: 'rs256-jwks', jwksUrl: 'https://id.example.com/.well-known/jwks.json' });
    expect(kafkaSettings(config, 'x')).toMatchObject({ ssl: true, sasl: { mechanism: 'plain', username: 'key', password: 'secret' } });
  });

  it('refuses a short HS256 key and a bad batch limit, naming the variables', () => {
    expect(() => loadConfig(ConfigSchema, { JWT_HS256_SECRET: 'short', MAX_BATCH: '0' })).toThrow(/JWT_HS256_SECRET[\s\S]*MAX_BATCH|MAX_BATCH[\s\S]*JWT_HS256_SECRET/);
  });
});
