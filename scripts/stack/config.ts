// The local stack's settings: where the embedded broker listens and keeps its data, the ports of
// the apps it runs, the Redis and Postgres it uses (or starts), and the simulated devices.
// Everything has a local default, so `npm start` needs no configuration on a fresh clone.
import { Type } from '@sinclair/typebox';
import type { Config } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';

// The demo publisher's key: printed by `npm start` so a developer can try the push API.
export const DEV_EDITORS_KEY = 'tessera-local-editors-key-not-for-production';
// The HS256 key beacon, clicks-tracker and delivery verify device tokens with in their dev mode
// (their JWT_HS256_SECRET default); the simulated devices and the demo page's token endpoint sign with it.
export const DEV_DEVICE_KEY = 'tessera-local-device-key-not-for-production';

export const StackConfig = Type.Object({
  KAFKA: env.oneOf(['embedded', 'apache'], { default: 'embedded', description: 'Which Kafka the stack runs: the embedded broker, or Apache Kafka (KRaft, one node, jars from Maven Central; needs Java 17 and Maven) with data under TESSERA_DATA_DIR/apache-kafka' }),
  KAFKA_PORT: env.port({ default: 9092, description: 'Port of the embedded Kafka-compatible broker' }),
  KAFKA_ADMIN_PORT: env.port({ default: 9644, description: 'Port of the broker admin view (JSON + /metrics)' }),
  TESSERA_DATA_DIR: env.string({ default: '.tessera', description: 'Directory for local state (broker logs, Postgres, archive, warehouse, app logs)' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis of the apps; when it does not answer, the stack starts a redis-server on a free port' }),
  DATABASE_URL: Type.Optional(env.url({ protocols: ['postgres', 'postgresql'], description: 'PostgreSQL of users-cdc (needs wal_level=logical); unset = a local server under TESSERA_DATA_DIR/postgres' })),
  DEMO_FEEDS_PORT: env.port({ default: 8787, description: 'Port of the demo feed server the aggregator polls' }),
  AGGREGATOR_PORT: env.port({ default: 8090, description: 'Port of the aggregator push API, /metrics and probes' }),
  AGGREGATOR_EDITORS_KEY: env.secret({ minLength: 16, default: DEV_EDITORS_KEY, description: 'API key of the demo publisher (tessera-editors) of the push API' }),
  BEACON_PORT: env.port({ default: 8081, description: 'Port of beacon (POST /v1/beacons, /metrics, probes)' }),
  USERS_TABLE_PORT: env.port({ default: 9466, description: 'Port of the users-table role\'s /metrics and probes' }),
  BEACON_ENRICHER_PORT: env.port({ default: 9465, description: 'Port of the beacon enricher\'s /metrics and probes' }),
  CLICKS_PORT: env.port({ default: 8082, description: 'Port of clicks-tracker (POST /v1/interactions, /metrics, probes)' }),
  CLICKS_ENRICHER_PORT: env.port({ default: 9467, description: 'Port of the interactions enricher\'s /metrics and probes' }),
  DELIVERY_PORT: env.port({ default: 8083, description: 'Port of delivery (WebSocket /v1/socket, GET /v1/feed, the demo page /demo/, /metrics, probes)' }),
  USERS_CDC_PORT: env.port({ default: 9471, description: 'Port of users-cdc\'s /metrics and probes' }),
  ARCHIVER_PORT: env.port({ default: 9472, description: 'Port of the archiver\'s /metrics and probes' }),
  ARCHIVE_IDLE_FLUSH: env.duration({ min: 1_000, default: 10_000, description: 'The archiver uploads a quiet partition\'s open file after this long (short locally, so the archive fills while you watch)' }),
  ARCHIVE_MAX_RECORDS: env.int({ min: 1, default: 200, description: 'The archiver rotates a file after this many records (small locally, so a busy topic reaches the archive within minutes)' }),
  RECOMMENDER_PORT: env.port({ default: 9474, description: 'Port of the recommender\'s /metrics and probes' }),
  TRAINER_PORT: env.port({ default: 9473, description: 'Port of the trainer\'s /metrics and probes' }),
  TRAIN_INTERVAL: env.duration({ min: 10_000, default: 60_000, description: 'The trainer retrains from the archive this often' }),
  TRAIN_WINDOW: env.duration({ min: 60_000, default: 6 * 3_600_000, description: 'Event-time span of archived interactions each training run learns from' }),
  TRAIN_MIN_POSITIVES: env.int({ min: 1, default: 30, description: 'A training run publishes a model only with at least this many positive rows' }),
  WAREHOUSE_PORT: env.port({ default: 9475, description: 'Port of the warehouse\'s /metrics and probes' }),
  WAREHOUSE_LOAD_INTERVAL: env.duration({ min: 1_000, default: 30_000, description: 'Pause between the warehouse\'s DuckDB load rounds' }),
  DEVICE_JWT_SECRET: env.secret({ minLength: 32, default: DEV_DEVICE_KEY, description: 'HS256 key of device tokens: beacon, clicks-tracker and delivery verify; the simulated devices and the demo page\'s token endpoint sign' }),
  SIMULATED_DEVICES: env.int({ min: 0, max: 5_000, default: 40, description: 'Simulated people (packages/device-simulator), each a phone with a WebSocket to delivery that posts beacons and reactions (0 = none)' }),
  SIMULATION_SEED: env.int({ min: 0, default: 1, description: 'Seed of the simulated people (preferences, rhythm, reactions): the same seed, the same population' }),
  DEVICE_INTERVAL: env.duration({ min: 500, default: 20_000, description: 'Mean time between two unlocks of a simulated person of average activity (heavy users unlock more often)' }),
  LOG_LEVEL: env.logLevel({ default: 'info' }),
});
export type StackSettings = Config<typeof StackConfig>;
