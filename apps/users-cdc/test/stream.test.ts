// users-cdc end to end against a real PostgreSQL (own instance, wal_level=logical) and the
// embedded Kafka broker over TCP: snapshot, insert/update/delete in order, invalid rows.
import { until } from '@tessera/streams/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
const setup = () => harness.setup();

const forKey = (records: readonly Collected[], key: string) => records.filter((r) => r.key === key);

describe('users-cdc', () => {
  it('publishes existing rows as a snapshot, then inserts, updates and deletes in order', async () => {
    const { db, slot, start, collectTopic } = await setup();
    await insertUser(db.sql, { user_id: 'u-1', country: 'FR', languages: ['fr'], interests: ['football'], email: 'one@example.org' });
    await insertUser(db.sql, { user_id: 'u-2', country: 'DE', languages: ['de'], age_band: '25-34' });
    await insertUser(db.sql, { user_id: 'u-3', languages: ['en-GB'], time_zone: 'Europe/London' });
    const running = await start();
    const users = await collectTopic('users.v1');
    await users.waitFor((r) => r.length >= 3, 'the snapshot');
    expect(users.records.map((r) => r.key).sort()).toEqual(['u-1', 'u-2', 'u-3']);
    expect(forKey(users.records, 'u-2')[0]?.value).toMatchObject({ userId: 'u-2', country: 'DE', languages: ['de'], ageBand: '25-34', interests: [] });
    expect(JSON.stringify(users.records)).not.toContain('example.org');
    expect(await metricValue(running.registry, 'users_cdc_snapshot_rows_total')).toBe(3);

    await insertUser(db.sql, { user_id: 'u-4', country: 'ES', languages: ['es'], interests: ['science'] });
    await updateUser(db.sql, 'u-1', { country: 'BE', interests: ['football', 'games'], updated_at: new Date('2026-06-01T00:00:00Z') });
    await deleteUser(db.sql, 'u-2');
    await db.sql.query('BEGIN');
    await updateUser(db.sql, 'u-1', { languages: ['fr', 'nl'] });
    const inLast = (await db.sql.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]?.lsn;
    await db.sql.query('COMMIT');
    await users.waitFor((r) => r.length >= 7, 'four changes after the snapshot');
    // The slot is acknowledged past the last transaction once Kafka has it.
    await until(async () => {
      const { rows } = await db.sql.query('SELECT confirmed_flush_lsn > $1::pg_lsn AS past FROM pg_replication_slots WHERE slot_name = $2', [inLast, slot]);
      return rows[0]?.past === true;
    }, 'the slot acknowledgement', 60_000);

    const u1 = forKey(users.records, 'u-1').map((r) => r.value);
    expect(u1).toHaveLength(3);
    expect(u1[0]).toMatchObject({ country: 'FR', languages: ['fr'] });
    expect(u1[1]).toMatchObject({ country: 'BE', interests: ['football', 'games'], updatedAt: Date.parse('2026-06-01T00:00:00Z') });
    expect(u1[2]).toMatchObject({ country: 'BE', languages: ['fr', 'nl'] });
    expect(forKey(users.records, 'u-2').map((r) => r.value === null)).toEqual([false, true]);
    expect(forKey(users.records, 'u-4').map((r) => r.value?.country)).toEqual(['ES']);
    expect(new Set(users.records.map((r) => r.value?.eventId ?? `${r.key}:tombstone`)).size).toBe(7);
    expect(await metricValue(running.registry, 'users_cdc_changes_emitted_total', { kind: 'tombstone' })).toBe(1);
  });

  it('dead-letters rows that are not valid profiles, with the reason, and keeps streaming', async () => {
    const { db, start, collectTopic } = await setup();
    await insertUser(db.sql, { user_id: 'ok-1', languages: ['en'] });
    await insertUser(db.sql, { user_id: 'bad-snapshot', country: 'france' });
    await start();
    const users = await collectTopic('users.v1');
    const dlq = await collectTopic('dlq.v1');
    await insertUser(db.sql, { user_id: 'bad-live', interests: ['Not A Slug'] });
    await insertUser(db.sql, { user_id: 'ok-2', languages: ['de'] });
    await updateUser(db.sql, 'ok-1', { languages: ['en', 'en'] }); // duplicates: refused by the contract
    // ok-1's update is refused, so its snapshot record is its last one; partitions arrive independently.
    await users.waitFor((r) => r.some((x) => x.key === 'ok-2') && r.some((x) => x.key === 'ok-1'), 'the valid rows around the invalid ones');
    await dlq.waitFor((r) => r.length >= 3, 'three dead letters');

    expect(users.records.map((r) => r.key).sort()).toEqual(['ok-1', 'ok-2']);
    const letters = dlq.records.map((r) => r.value as { error: { code: string; message: string }; key: string; value: string; source: { topic: string } });
    const byUser = new Map(letters.map((l) => [Buffer.from(l.key, 'base64').toString(), l]));
    expect([...byUser.keys()].sort()).toEqual(['bad-live', 'bad-snapshot', 'ok-1']);
    expect(byUser.get('bad-snapshot')?.error.message).toContain('/country');
    expect(byUser.get('bad-live')?.error.message).toContain('/interests/0');
    expect(byUser.get('ok-1')?.error.message).toContain('/languages');
    expect(byUser.get('bad-live')?.error.code).toBe('schema_violation');
    expect(byUser.get('bad-live')?.source.topic).toBe('users.v1');
    const original = JSON.parse(Buffer.from(byUser.get('bad-live')?.value ?? '', 'base64').toString());
    expect(original.row).toMatchObject({ user_id: 'bad-live', interests: ['Not A Slug'] });
    expect(dlq.records.map((r) => r.key)).toEqual(expect.arrayContaining(['bad-live', 'bad-snapshot', 'ok-1']));
  });
});
