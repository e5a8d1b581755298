import { storeFromConfig } from '@tessera/archive/store-config';
import { loadConfig } from '@tessera/platform/config';
import { describe, expect, it } from 'vitest';
import { ArchiverEnv } from './config.js';

describe('archiver configuration', () => {
  it('defaults to the local directory archive', () => {
    const config = loadConfig(ArchiverEnv, {});
    expect(config.ARCHIVE_DIR).toBe('.tessera/archive');
    expect(config.ARCHIVE_IDLE_FLUSH).toBe(60_000);
    expect(storeFromConfig(config, '/srv').location).toBe('file:///srv/.tessera/archive');
  });

  it('uses GCS when GCS_BUCKET is set', () => {
    const config = loadConfig(ArchiverEnv, { GCS_BUCKET: 'tessera-archive', ARCHIVE_IDLE_FLUSH: '2m' });
    expect(storeFromConfig(config).location).toBe('gs://tessera-archive');
    expect(config.ARCHIVE_IDLE_FLUSH).toBe(120_000);
  });

  it('reads the Kafka settings', () => {
    const config = loadConfig(ArchiverEnv, { KAFKA_BROKERS: 'k1:9092,k2:9092', TOPIC_PREFIX: 'staging', KAFKA_SESSION_TIMEOUT: '10s' });
    expect([config.KAFKA_BROKERS, config.TOPIC_PREFIX, config.KAFKA_SESSION_TIMEOUT, config.ARCHIVER_GROUP]).toEqual([['k1:9092', 'k2:9092'], 'staging', 10_000, 'archiver']);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig(ArchiverEnv, { ARCHIVE_MAX_RECORDS: '0', GCS_API_ENDPOINT: 'nope' })).toThrow(/ARCHIVE_MAX_RECORDS[\s\S]*GCS_API_ENDPOINT|GCS_API_ENDPOINT[\s\S]*ARCHIVE_MAX_RECORDS/);
  });
});
