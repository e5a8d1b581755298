import { Type } from '@sinclair/typebox';
import { loadConfig } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { describe, expect, it } from 'vitest';
import { ArchiveStoreEnv, localArchiveRoot, storeFromConfig } from './store-config.js';

// How an app uses the fragment: spread into its own schema next to its own variables.
const AppEnv = Type.Object({ ...ArchiveStoreEnv.properties, OPS_PORT: env.port({ default: 9000 }) });

describe('where the archive lives', () => {
  it('defaults to .tessera/archive under the working directory, with no key prefix', () => {
    const config = loadConfig(AppEnv, {});
    expect([config.ARCHIVE_DIR, config.ARCHIVE_PREFIX, config.GCS_BUCKET, config.OPS_PORT]).toEqual(['.tessera/archive', '', undefined, 9000]);
    expect(storeFromConfig(config, '/srv/app').location).toBe('file:///srv/app/.tessera/archive');
    expect(localArchiveRoot({ ARCHIVE_DIR: '/data/archive' }, '/srv/app')).toBe('/data/archive');
  });

  it('uses GCS when GCS_BUCKET is set', () => {
    const config = loadConfig(AppEnv, { GCS_BUCKET: 'tessera-archive', GCP_PROJECT: 'p', GCS_API_ENDPOINT: 'http://127.0.0.1:1', ARCHIVE_PREFIX: 'raw' });
    expect(storeFromConfig(config).location).toBe('gs://tessera-archive');
    expect(config.ARCHIVE_PREFIX).toBe('raw');
  });

  it('names a bad endpoint', () => {
    expect(() => loadConfig(AppEnv, { GCS_API_ENDPOINT: 'storage' })).toThrow(/GCS_API_ENDPOINT: expected/);
  });
});
