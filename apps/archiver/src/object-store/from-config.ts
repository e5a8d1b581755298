// Picks the archive's object store from configuration: GCS when GCS_BUCKET is set, else the
// local directory. The one place that decides; main.ts calls it.
import { resolve } from 'node:path';
import type { ArchiverConfig } from '../config.js';
import { createGcsStore } from './gcs.js';
import { createLocalStore } from './local.js';
import type { ObjectStore } from './object-store.js';

export function storeFromConfig(config: ArchiverConfig, cwd = process.cwd()): ObjectStore {
  if (config.GCS_BUCKET) {
    return createGcsStore({
      bucket: config.GCS_BUCKET,
      ...(config.GCP_PROJECT ? { projectId: config.GCP_PROJECT } : {}),
      ...(config.GCS_API_ENDPOINT ? { apiEndpoint: config.GCS_API_ENDPOINT } : {}),
    });
  }
  return createLocalStore(resolve(cwd, config.ARCHIVE_DIR));
}
