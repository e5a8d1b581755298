import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from '@tessera/platform/config';
import { describe, expect, it } from 'vitest';
import { kafkaConfigFields, kafkaSettings } from './kafka-config.js';

const Schema = Type.Object({ ...kafkaConfigFields });

describe('kafkaConfigFields + kafkaSettings', () => {
  it('local defaults: the local broker, no TLS, no SASL, the app\'s name as client id, local sizing', () => {
    const config = loadConfig(Schema, {});
    expect(config.TESSERA_ENV).toBe('local');
    expect(kafkaSettings(config, 'beacon')).toEqual({ brokers: ['127.0.0.1:9092'], clientId: 'beacon', ssl: false });
  });

  it('Confluent Cloud: TLS and SASL/PLAIN with the API key and secret', () => {
    const config = loadConfig(Schema, {
      KAFKA_BROKERS: 'pkc-1.europe-west1.gcp.confluent.cloud:9092', KAFKA_SSL: 'true', KAFKA_CLIENT_ID: 'beacon-eu',
      KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'KEY', KAFKA_SASL_PASSWORD: 'SECRET', TESSERA_ENV: 'production',
    });
    expect(kafkaSettings(config, 'beacon')).toEqual({
      brokers: ['pkc-1.europe-west1.gcp.confluent.cloud:9092'], clientId: 'beacon-eu', ssl: true,
      sasl: { mechanism: 'plain', username: 'KEY', password: 'SECRET' },
    });
    expect(config.TESSERA_ENV).toBe('production');
  });

  it('a mechanism without credentials, or credentials without a mechanism, names the missing variables', () => {
    const half = loadConfig(Schema, { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' });
    expect(() => kafkaSettings(half, 'x')).toThrow(ConfigError);
    expect(() => kafkaSettings(half, 'x')).toThrow(/KAFKA_SASL_PASSWORD/);
    const orphan = loadConfig(Schema, { KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(() => kafkaSettings(orphan, 'x')).toThrow(/KAFKA_SASL_MECHANISM/);
  });

  it('refuses an unknown environment name', () => {
    expect(() => loadConfig(Schema, { TESSERA_ENV: 'staging' })).toThrow(/TESSERA_ENV/);
  });
});
