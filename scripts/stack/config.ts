// The local stack's settings: where the embedded broker listens and keeps its data. Everything has
// a local default, so `npm start` needs no configuration on a fresh clone.
import { Type } from '@sinclair/typebox';
import { env } from '@tessera/platform/config/env';

export const StackConfig = Type.Object({
  KAFKA_PORT: env.port({ default: 9092, description: 'Port of the embedded Kafka-compatible broker' }),
  KAFKA_ADMIN_PORT: env.port({ default: 9644, description: 'Port of the broker admin view (JSON + /metrics)' }),
  TESSERA_DATA_DIR: env.string({ default: '.tessera', description: 'Directory for local state (broker logs, archive, warehouse)' }),
  LOG_LEVEL: env.logLevel({ default: 'info' }),
});
