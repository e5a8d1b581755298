// The warehouse's environment, parsed once by main.ts. With BIGQUERY_DATASET (and GCS_BUCKET,
// where the archive lives) it submits BigQuery load jobs; without, it loads the local archive
// directory into the local DuckDB file. Where the archive lives is @tessera/archive's fragment,
// the same variables the archiver writes it with.
import { Type } from '@sinclair/typebox';
import { ArchiveStoreEnv } from '@tessera/archive/store-config';
import type { Config } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';

export const WarehouseEnv = Type.Object({
  LOG_LEVEL: env.logLevel(),
  BIGQUERY_DATASET: Type.Optional(env.string({ description: 'BigQuery dataset; unset = local DuckDB' })),
  BIGQUERY_LOCATION: Type.Optional(env.string({ description: 'BigQuery location of the dataset (e.g. EU)' })),
  BIGQUERY_API_ENDPOINT: Type.Optional(env.url({ protocols: ['http', 'https'], description: 'BigQuery API endpoint override (tests)' })),
  // Where the archive lives: GCS_BUCKET, GCP_PROJECT, GCS_API_ENDPOINT, ARCHIVE_DIR, ARCHIVE_PREFIX.
  ...ArchiveStoreEnv.properties,
  WAREHOUSE_DUCKDB: env.string({ default: '.tessera/warehouse.duckdb', description: 'Local warehouse file (local mode)' }),
  WAREHOUSE_LOAD_INTERVAL: env.duration({ default: 300_000, min: 1_000, description: 'Pause between load rounds' }),
  OPS_PORT: env.port({ default: 9475, description: 'Port of /metrics, /healthz, /readyz (0 = a free port)' }),
  // The erasure role (src/erasure/): on users.v1 tombstones, erase the user from the archive and
  // the warehouse. It runs when KAFKA_BROKERS is set.
  KAFKA_BROKERS: Type.Optional(env.list({ minItems: 1, description: 'Kafka bootstrap servers; set = the erasure role runs (users.v1 tombstones)' })),
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  ERASURE_GROUP: env.string({ default: 'warehouse-erasure', description: 'Consumer group of the erasure role on users.v1' }),
  ARCHIVER_GROUP_ID: env.string({ default: 'archiver', description: 'The archiver\'s consumer group; an erasure waits until it has archived what came before the deletion' }),
});

export type WarehouseConfig = Config<typeof WarehouseEnv>;

/** Cross-variable rules the per-variable schema cannot state; empty when consistent. */
export function configProblems(config: WarehouseConfig): string[] {
  if (!config.BIGQUERY_DATASET) {
    // DuckDB reads the archive's files from disk: an archive in a bucket would silently look empty.
    return config.GCS_BUCKET
      ? ['GCS_BUCKET: the local DuckDB mode loads the archive directory ARCHIVE_DIR, not a bucket; set BIGQUERY_DATASET to load the bucket into BigQuery, or unset GCS_BUCKET']
      : [];
  }
  return [
    ...(config.GCP_PROJECT ? [] : ['GCP_PROJECT: is required when BIGQUERY_DATASET is set']),
    ...(config.GCS_BUCKET ? [] : ['GCS_BUCKET: is required when BIGQUERY_DATASET is set (load jobs read the archive there)']),
  ];
}
