import { ConfigError, loadConfig } from '@tessera/platform/config';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config.js';

describe('ConfigSchema', () => {
  it('has local defaults', () => {
    const config = loadConfig(ConfigSchema, {});
    expect(config).toMatchObject({ REPLICATION_SLOT: 'users_cdc', PUBLICATION: 'users_cdc', KAFKA_BROKERS: ['127.0.0.1:9092'], TESSERA_ENV: 'local' });
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig(ConfigSchema, { DATABASE_URL: 'mysql://x/y', REPLICATION_SLOT: 'Users-CDC' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/DATABASE_URL/);
    expect((error as ConfigError).message).toMatch(/REPLICATION_SLOT: expected a lowercase SQL name/);
  });
});
