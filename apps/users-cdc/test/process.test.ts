// users-cdc as a process: killed with SIGKILL in the middle of a stream of changes and started
// again, every change is on users.v1 exactly once; SIGTERM stops it cleanly with exit code 0.
import { stopProcessesAfterEach } from '@tessera/platform/testing/app-process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './support/harness.js';
import type { Collected } from './support/harness.js';
import { startPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { spawnCdc } from './support/process.js';
import { insertUser, updateUser } from './support/users.js';

// Whatever else happens (a timeout included), no users-cdc process outlives its test.
stopProcessesAfterEach();

let server: TestPostgres;
beforeAll(async () => { server = await startPostgres(); }, 60_000);
afterAll(async () => { await server?.close(); });

const harness = createHarness(() => server);
afterEach(() => harness.cleanup(), 60_000);

const USERS = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4'];
const CHANGES = 80;
const at = (n: number) => new Date(Date.UTC(2026, 1, 1) + n * 1000);
const summary = (r: Collected) => `${r.key} ${r.value === null ? 'deleted' : String(r.value.updatedAt)}`;

describe('users-cdc process', () => {
  it('loses and duplicates nothing when killed mid-stream and restarted', async () => {
    const env = await harness.setup();
    for (const [i, id] of USERS.entries()) await insertUser(env.db.sql, { user_id: id, updated_at: at(-1 - i), languages: ['en'] });
    const vars = {
      DATABASE_URL: env.db.url,
      KAFKA_BROKERS: env.brokers.join(','),
      TOPIC_PREFIX: env.names.prefix,
      REPLICATION_SLOT: env.slot,
      PUBLICATION: env.slot,
      MIGRATE_ON_START: 'true',
    };
    const users = await env.collectTopic('users.v1');
    const first = spawnCdc(vars);
    env.defer(() => first.kill('SIGKILL'));
    await users.waitFor((r) => r.length >= USERS.length, 'the snapshot', 90_000);

    // A stream of single-row transactions: half before the kill (still flowing when it lands),
    // half while the process is down.
    const write = async (from: number, to: number) => {
      for (let n = from; n < to; n += 1) await updateUser(env.db.sql, USERS[n % USERS.length] as string, { updated_at: at(n) });
    };
    const firstHalf = write(0, CHANGES / 2);
    await users.waitFor((r) => r.length >= USERS.length + 15, 'some changes before the kill');
    await first.kill('SIGKILL');
    await firstHalf;
    await write(CHANGES / 2, CHANGES);

    const second = spawnCdc(vars);
    env.defer(() => second.kill('SIGKILL'));
    const running = await second.waitForLog('users-cdc running', 90_000);
    // A last change per user: per-key order means any duplicate of an earlier change shows before it.
    for (const [i, id] of USERS.entries()) await updateUser(env.db.sql, id, { updated_at: at(1000 + i) });
    await users.waitFor((r) => USERS.every((id, i) => r.some((x) => x.key === id && x.value?.updatedAt === at(1000 + i).getTime())), 'every user\'s last change', 90_000);

    for (const [u, id] of USERS.entries()) {
      const expected = [
        `${id} ${at(-1 - u).getTime()}`,
        ...Array.from({ length: CHANGES }, (_, n) => n).filter((n) => n % USERS.length === u).map((n) => `${id} ${at(n).getTime()}`),
        `${id} ${at(1000 + u).getTime()}`,
      ];
      expect(users.records.filter((r) => r.key === id).map(summary)).toEqual(expected);
    }
    expect(users.records).toHaveLength(USERS.length * 2 + CHANGES);

    const metrics = await (await fetch(`${String(running.ops)}/metrics`)).text();
    expect(metrics).toMatch(/users_cdc_changes_emitted_total\{[^}]*kind="upsert"[^}]*\} \d+/);
    expect(metrics).toMatch(/users_cdc_slot_lag_bytes\{[^}]*\} \d+/);

    expect(await second.kill('SIGTERM')).toBe(0);
  }, 240_000);
});
