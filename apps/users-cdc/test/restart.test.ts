// Restarts: a stop between "Kafka acknowledged" and "slot acknowledged" (the window in which a
// naive CDC duplicates), a restart after changes made while users-cdc was down, and an initial
// snapshot that was interrupted. Every change must arrive on users.v1 exactly once overall.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Publish } from '../src/kafka/publisher.js';
import { metricValue } from './support/cdc.js';
import { createHarness } from './support/harness.js';
import type { Collected } from './support/harness.js';
import { startPostgres } from './support/postgres.js';
import type { TestPostgres } from './support/postgres.js';
import { deleteUser, insertUser, updateUser } from './support/users.js';

let server: TestPostgres;
beforeAll(async () => { server = await startPostgres(); }, 60_000);
afterAll(async () => { await server?.close(); });

const harness = createHarness(() => server);
afterEach(() => harness.cleanup(), 60_000);

/** One line per record: key and the change it carries (updatedAt + country, or a tombstone). */
const summary = (r: Collected) => `${r.key} ${r.value === null ? 'deleted' : `${String(r.value.updatedAt)} ${String(r.value.country ?? '-')}`}`;

/** Publishes for real, then fails once a record for `userId` went out: Kafka has it, the slot never hears. */
function crashAfterPublishing(userId: string): (publish: Publish) => Publish {
  let crashed = false;
  return (publish) => async (records) => {
    await publish(records);
    if (!crashed && records.some((r) => r.key?.toString() === userId)) {
      crashed = true;
      throw Object.assign(new Error('simulated crash after Kafka acknowledged'), { code: 'simulated', retriable: true });
    }
  };
}

describe('users-cdc restarts', () => {
  it('publishes nothing twice when it stops after Kafka acknowledged a transaction but before the slot did', async () => {
    const env = await harness.setup();
    const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));
    await insertUser(env.db.sql, { user_id: 'a', updated_at: t(1), country: 'FR' });
    await insertUser(env.db.sql, { user_id: 'b', updated_at: t(2), country: 'DE' });
    const first = await env.start({ wrapPublish: crashAfterPublishing('c') });
    const users = await env.collectTopic('users.v1');

    await insertUser(env.db.sql, { user_id: 'd', updated_at: t(3), country: 'IT' });
    // One transaction touching several users (and so several partitions), published, never acknowledged.
    await env.db.sql.query('BEGIN');
    await insertUser(env.db.sql, { user_id: 'c', updated_at: t(4), country: 'ES' });
    await updateUser(env.db.sql, 'a', { updated_at: t(5), country: 'BE' });
    await updateUser(env.db.sql, 'b', { updated_at: t(6), country: 'AT' });
    await env.db.sql.query('COMMIT');
    await expect(first.cdc.done).rejects.toThrow(/simulated crash/);
    await first.stop();

    // While it is down.
    await deleteUser(env.db.sql, 'd');
    await updateUser(env.db.sql, 'c', { updated_at: t(7), country: 'PT' });

    const second = await env.start();
    await insertUser(env.db.sql, { user_id: 'e', updated_at: t(8), country: 'NL' });
    await updateUser(env.db.sql, 'a', { updated_at: t(9), country: 'LU' });
    await updateUser(env.db.sql, 'b', { updated_at: t(10), country: 'CH' });

    const byKey = (key: string) => users.records.filter((r) => r.key === key).map(summary);
    const ms = (n: number) => t(n).getTime();
    const expected: Record<string, string[]> = {
      a: [`a ${ms(1)} FR`, `a ${ms(5)} BE`, `a ${ms(9)} LU`],
      b: [`b ${ms(2)} DE`, `b ${ms(6)} AT`, `b ${ms(10)} CH`],
      c: [`c ${ms(4)} ES`, `c ${ms(7)} PT`],
      d: [`d ${ms(3)} IT`, 'd deleted'],
      e: [`e ${ms(8)} NL`],
    };
    // Each key's last change: partitions arrive independently, but within a key a duplicate of an
    // earlier change would arrive before it.
    await users.waitFor(
      () => Object.entries(expected).every(([key, list]) => byKey(key).includes(list.at(-1) as string)),
      'the last change of every user',
    );
    for (const [key, list] of Object.entries(expected)) expect(byKey(key)).toEqual(list);
    expect(users.records).toHaveLength(11);
    // The crashed transaction really was delivered again by Postgres, and recognized.
    expect(await metricValue(second.registry, 'users_cdc_already_published_total')).toBe(3);
    expect(await metricValue(second.registry, 'users_cdc_snapshot_rows_total')).toBe(0);
  });

  it('starts over with a new snapshot when the first one was interrupted, and loses no row', async () => {
    const env = await harness.setup();
    for (let i = 0; i < 7; i += 1) await insertUser(env.db.sql, { user_id: `s-${i}`, country: 'FR' });
    const first = env.start({ snapshotPageSize: 2, wrapPublish: crashAfterPublishing('s-3') });
    await expect(first).rejects.toThrow(/simulated crash/);
    await insertUser(env.db.sql, { user_id: 's-late', country: 'DE' });

    const users = await env.collectTopic('users.v1');
    const second = await env.start({ snapshotPageSize: 2 });
    await updateUser(env.db.sql, 's-0', { country: 'BE' });
    const all = ['s-0', 's-1', 's-2', 's-3', 's-4', 's-5', 's-6', 's-late'];
    // Waiting for every key, with a safety timeout: a lost row fails here.
    await users.waitFor(
      (r) => r.some((x) => x.key === 's-0' && x.value?.country === 'BE') && all.every((k) => r.some((x) => x.key === k)),
      'every row and the update after the snapshot',
    );
    expect([...new Set(users.records.map((r) => r.key))].sort()).toEqual(all);
    expect(await metricValue(second.registry, 'users_cdc_snapshot_rows_total')).toBe(8);
    // The last record of every key is its current row.
    const last = new Map(users.records.map((r) => [r.key, r.value?.country]));
    expect(last.get('s-0')).toBe('BE');
    expect(last.get('s-late')).toBe('DE');
  });
});
