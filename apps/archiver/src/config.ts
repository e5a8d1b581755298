// The archiver's environment, parsed once by main.ts. Where the archive lives is @tessera/archive's
// fragment (GCS_BUCKET selects Google Cloud Storage; without it the archive goes to ARCHIVE_DIR on
// the local disk with the same object keys); the rest is the archiver's own.
import { Type } from '@sinclair/typebox';
import { ArchiveStoreEnv } from '@tessera/archive/store-config';
import type { Config } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';

export const ArchiverEnv = Type.Object({
  LOG_LEVEL: env.logLevel(),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the catalogue topics when missing (from the contracts catalogue) at start' }),
  KAFKA_SESSION_TIMEOUT: env.duration({ default: 30_000, min: 1_000, description: 'Consumer group session timeout' }),
  OPS_PORT: env.port({ default: 9472, description: 'Port of /metrics, /healthz, /readyz' }),
  ARCHIVER_GROUP: env.string({ default: 'archiver', description: 'Kafka consumer group of the archiver' }),
  // Where the archive goes: GCS_BUCKET, GCP_PROJECT, GCS_API_ENDPOINT, ARCHIVE_DIR, ARCHIVE_PREFIX.
  ...ArchiveStoreEnv.properties,
  ARCHIVE_MAX_RECORDS: env.int({ default: 50_000, min: 1, max: 10_000_000, description: 'Rotate a file after this many records' }),
  ARCHIVE_MAX_BYTES: env.int({ default: 32 * 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024, description: 'Rotate a file after this many uncompressed bytes' }),
  ARCHIVE_IDLE_FLUSH: env.duration({ default: 60_000, min: 1_000, description: 'Upload open files of partitions that received nothing for this long' }),
  ARCHIVE_UPLOAD_CONCURRENCY: env.int({ default: 4, min: 1, max: 64, description: 'Parallel uploads' }),
});

export type ArchiverConfig = Config<typeof ArchiverEnv>;
