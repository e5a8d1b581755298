// The recommender's environment, parsed once by main.ts.
import { Type } from '@sinclair/typebox';
import { ArchiveStoreEnv } from '@tessera/archive/store-config';
import type { Config } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';

export const RecommenderEnv = Type.Object({
  LOG_LEVEL: env.logLevel(),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the catalogue topics when missing at start' }),
  KAFKA_SESSION_TIMEOUT: env.duration({ default: 30_000, min: 1_000, description: 'Consumer group session timeout' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis of the aggregates, user state, content table and feeds' }),
  OPS_PORT: env.port({ default: 9474, description: 'Port of /metrics, /healthz, /readyz' }),
  ...ArchiveStoreEnv.properties,
  MODEL_NAME: env.string({ default: 'ctr', description: 'Model (models.v1 key) to load and rank with' }),
  SCORER_WORKERS: env.int({ default: 1, min: 1, max: 16, description: 'Worker threads running the ONNX model' }),
  MODEL_ARM_PERCENT: env.int({ default: 50, min: 0, max: 100, description: 'Share of users (stable hash) in the model arm; the rest get the windowed-popularity control' }),
  FEED_SIZE: env.int({ default: 10, min: 1, max: 50, description: 'Cards per feed' }),
  CATEGORY_CAP: env.int({ default: 3, min: 1, max: 50, description: 'Cards of one main category per feed while others remain' }),
  EXPLORATION_SLOT: env.int({ default: 2, min: -1, max: 49, description: 'Position of the exploration card (uniform draw, propensity logged); -1 = none' }),
  MAX_CANDIDATES: env.int({ default: 500, min: 10, max: 5000, description: 'Candidates ranked per feed' }),
  ACTIVE_WINDOW: env.duration({ default: 30 * 60_000, min: 1_000, description: 'Feeds are computed only for users with a beacon this recent' }),
  BEACON_GAP: env.duration({ default: 10 * 60_000, min: 0, description: 'A beacon after this long without one asks for a new feed' }),
  MERGE_INTERVAL: env.duration({ default: 2_000, min: 100, description: 'How often segment popular and trending lists are rebuilt' }),
  FEED_CONCURRENCY: env.int({ default: 8, min: 1, max: 256, description: 'Feed computations in flight per process' }),
  BREAKING_FANOUT: env.int({ default: 10_000, min: 0, description: 'At most this many active users get a feed for one breaking item' }),
});

export type RecommenderConfig = Config<typeof RecommenderEnv>;
