// users-cdc's configuration: declarations only, so the docs printer can import it.
import { Type } from '@sinclair/typebox';
import { env, ENV_META } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';

// Slot and publication names are SQL identifiers users-cdc creates; keep them plain.
const sqlName = (fallback: string, description: string) =>
  Type.String({
    [ENV_META]: { kind: 'string', expected: 'a lowercase SQL name ([a-z_][a-z0-9_]*, at most 63 characters)' },
    pattern: '^[a-z_][a-z0-9_]{0,62}$',
    default: fallback,
    description,
  });

export const ConfigSchema = Type.Object({
  DATABASE_URL: env.url({
    protocols: ['postgres', 'postgresql'],
    default: 'postgres://postgres@localhost:5432/tessera',
    description: 'Postgres holding the users table; the role needs REPLICATION and the server wal_level=logical',
  }),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  REPLICATION_SLOT: sqlName('users_cdc', 'Logical replication slot (created if missing)'),
  PUBLICATION: sqlName('users_cdc', 'Publication of the users table (created if missing)'),
  SNAPSHOT_PAGE_SIZE: env.int({ min: 1, max: 100_000, default: 1000, description: 'Rows per page of the initial snapshot' }),
  MIGRATE_ON_START: env.boolean({ default: true, description: 'Apply migrations/*.sql before starting (local stack); off when migrations run separately' }),
  OPS_PORT: env.port({ default: 9471, description: 'Port of /metrics, /healthz, /readyz' }),
  LOG_LEVEL: env.logLevel(),
});
