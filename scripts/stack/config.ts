// The local stack's settings: where the embedded broker listens and keeps its data, and the ports
// of the apps it runs. Everything has a local default, so `npm start` needs no configuration on a
// fresh clone.
import { Type } from '@sinclair/typebox';
import { env } from '@tessera/platform/config/env';

// The demo publisher's key: printed by `npm start` so a developer can try the push API.
export const DEV_EDITORS_KEY = 'tessera-local-editors-key-not-for-production';

export const StackConfig = Type.Object({
  KAFKA_PORT: env.port({ default: 9092, description: 'Port of the embedded Kafka-compatible broker' }),
  KAFKA_ADMIN_PORT: env.port({ default: 9644, description: 'Port of the broker admin view (JSON + /metrics)' }),
  TESSERA_DATA_DIR: env.string({ default: '.tessera', description: 'Directory for local state (broker logs, archive, warehouse, app logs)' }),
  DEMO_FEEDS_PORT: env.port({ default: 8787, description: 'Port of the demo feed server the aggregator polls' }),
  AGGREGATOR_PORT: env.port({ default: 8090, description: 'Port of the aggregator push API, /metrics and probes' }),
  AGGREGATOR_EDITORS_KEY: env.secret({ minLength: 16, default: DEV_EDITORS_KEY, description: 'API key of the demo publisher (tessera-editors) of the push API' }),
  LOG_LEVEL: env.logLevel({ default: 'info' }),
});
