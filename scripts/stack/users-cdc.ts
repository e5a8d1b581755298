// users-cdc in the local stack: the Postgres it reads (DATABASE_URL or a local server, see
// postgres.ts), users-cdc itself (a source of users.v1), and the demo users seeded into the users
// table once users-cdc's migrations have created it. Without a Postgres it is reported pending.
import { fileURLToPath } from 'node:url';
import type { StackSettings } from './config.js';
import type { DemoUser } from './demo-users.js';
import { ensurePostgres } from './postgres.js';
import type { StackPart } from './roster.js';
import { seedDemoUsers } from './seed-users.js';
import type { Supervisor } from './supervisor.js';

const APP_DIR = fileURLToPath(new URL('../../apps/users-cdc/', import.meta.url));

export interface UsersCdcSettings {
  readonly stack: StackSettings;
  readonly brokers: readonly string[];
  readonly dataDir: string;
  readonly users: readonly DemoUser[];
}

export async function startUsersCdc(settings: UsersCdcSettings, supervisor: Supervisor): Promise<StackPart> {
  const { stack } = settings;
  const postgres = await ensurePostgres(stack.DATABASE_URL, settings.dataDir, supervisor);
  if (!postgres.ok) return { roster: [{ name: 'users-cdc', status: 'pending', note: postgres.reason }], lines: [] };
  const opsUrl = `http://127.0.0.1:${stack.USERS_CDC_PORT}`;
  await supervisor.start({
    name: 'users-cdc', stage: 'sources', cwd: APP_DIR, run: { tsx: 'src/main.ts' },
    env: { DATABASE_URL: postgres.url, KAFKA_BROKERS: settings.brokers.join(','), OPS_PORT: String(stack.USERS_CDC_PORT), LOG_LEVEL: stack.LOG_LEVEL },
    ready: { url: `${opsUrl}/readyz` },
  });
  const inserted = await seedDemoUsers(postgres.url, settings.users);
  return {
    roster: [{
      name: 'users-cdc', status: 'running',
      note: `Postgres users -> users.v1 (${postgres.note}; ${settings.users.length} demo users, ${inserted} new; metrics ${opsUrl}/metrics)`,
    }],
    lines: [],
  };
}
