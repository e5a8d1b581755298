// Where the archive lives, as one config fragment every app that writes or reads it spreads into
// its own schema (`Type.Object({ ...ArchiveStoreEnv.properties, ... })`), so the variable names,
// defaults and descriptions are declared once. `storeFromConfig` is the one place that decides:
// GCS when GCS_BUCKET is set, else the local directory ARCHIVE_DIR with the same object keys.
import { resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { Config } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { createGcsStore } from './object-store/gcs.js';
import { createLocalStore } from './object-store/local.js';
import type { ObjectStore } from './object-store/object-store.js';

export const ArchiveStoreEnv = Type.Object({
  GCS_BUCKET: Type.Optional(env.string({ description: 'Archive bucket; unset = the local directory ARCHIVE_DIR' })),
  GCP_PROJECT: Type.Optional(env.string({ description: 'Google Cloud project id' })),
  GCS_API_ENDPOINT: Type.Optional(env.url({ protocols: ['http', 'https'], description: 'Storage API endpoint override (tests, emulators)' })),
  ARCHIVE_DIR: env.string({ default: '.tessera/archive', description: 'Local archive directory when GCS_BUCKET is unset' }),
  ARCHIVE_PREFIX: env.string({ default: '', description: 'Key prefix of every archive object' }),
});

export type ArchiveStoreConfig = Config<typeof ArchiveStoreEnv>;

/** The local archive directory, absolute (relative ARCHIVE_DIR values are taken from `cwd`). */
export function localArchiveRoot(config: Pick<ArchiveStoreConfig, 'ARCHIVE_DIR'>, cwd = process.cwd()): string {
  return resolve(cwd, config.ARCHIVE_DIR);
}

export function storeFromConfig(config: ArchiveStoreConfig, cwd = process.cwd()): ObjectStore {
  if (config.GCS_BUCKET) {
    return createGcsStore({
      bucket: config.GCS_BUCKET,
      ...(config.GCP_PROJECT ? { projectId: config.GCP_PROJECT } : {}),
      ...(config.GCS_API_ENDPOINT ? { apiEndpoint: config.GCS_API_ENDPOINT } : {}),
    });
  }
  return createLocalStore(localArchiveRoot(config, cwd));
}
