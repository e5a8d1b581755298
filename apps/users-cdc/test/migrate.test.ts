// The migration runner against a real PostgreSQL: applies every file once, in order, and a second
// run (or a second process) applies nothing; the users table publishes whole old rows.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/migrate.js';
import { startPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';

let server: TestPostgres;
beforeAll(async () => { server = await startPostgres(); }, 60_000);
afterAll(async () => { await server?.close(); });

describe('migrate', () => {
  it('creates the users table once, even when two runners start together', async () => {
    const name = `mig_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client(server.url);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const a = new pg.Client(server.urlFor(name));
    const b = new pg.Client(server.urlFor(name));
    try {
      await a.connect();
      await b.connect();
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const applied = [...ra.applied, ...rb.applied].sort();
      expect(applied).toEqual(['001_users.sql', '002_users_cdc_snapshots.sql']);
      expect(await migrate(a)).toEqual({ applied: [], skipped: ['001_users.sql', '002_users_cdc_snapshots.sql'] });
      const identity = await a.query("SELECT relreplident FROM pg_class WHERE relname = 'users'");
      expect(identity.rows[0]?.relreplident).toBe('f');
      const columns = await a.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY column_name");
      expect(columns.rows.map((r) => r.column_name)).toEqual(
        ['age_band', 'country', 'created_at', 'email', 'interests', 'languages', 'region', 'time_zone', 'updated_at', 'user_id'],
      );
    } finally {
      await a.end();
      await b.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
