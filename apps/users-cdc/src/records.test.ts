import { decodeValue } from '@tessera/contracts/codec';
import { describe, expect, it } from 'vitest';
import { decodePosition, POSITION_HEADER } from './position.js';
import { buildRecords } from './records.js';

const created = new Date('2026-01-02T03:04:05.678Z');
const updated = new Date('2026-03-04T05:06:07.890Z');
const row = {
  user_id: 'u-1', email: 'someone@example.org', created_at: created, updated_at: updated,
  age_band: '25-34', country: 'FR', region: 'FR-IDF', languages: ['fr', 'en-GB'], interests: ['football'], time_zone: null,
};
const ctx = { lsn: 0x1_0000_00a0n, commitTimeMs: Date.UTC(2026, 10, 22), slot: 'users_cdc', now: Date.UTC(2026, 10, 22, 0, 0, 1) };

describe('buildRecords', () => {
  it('maps a row to a UserProfile keyed by userId, without account data', () => {
    const [record] = buildRecords([{ kind: 'upsert', row }], ctx);
    expect(record?.topic).toBe('users.v1');
    expect(record?.key?.toString()).toBe('u-1');
    const decoded = decodeValue('users.v1', record?.value ?? null);
    expect(decoded.ok).toBe(true);
    expect(decoded.ok && decoded.value).toMatchObject({
      userId: 'u-1', createdAt: created.getTime(), updatedAt: updated.getTime(), ageBand: '25-34',
      country: 'FR', region: 'FR-IDF', languages: ['fr', 'en-GB'], interests: ['football'],
      occurredAt: ctx.commitTimeMs, receivedAt: ctx.now,
    });
    expect(decoded.ok && decoded.value).not.toHaveProperty('timeZone');
    expect(record?.value?.toString()).not.toContain('example.org');
  });

  it('gives the same eventId when the same commit is read again, and numbers changes in order', () => {
    const a = buildRecords([{ kind: 'upsert', row }, { kind: 'delete', row }], ctx);
    const b = buildRecords([{ kind: 'upsert', row }], { ...ctx, now: ctx.now + 5000 });
    const id = (buf: Buffer | null | undefined) => JSON.parse(buf?.toString() ?? '{}').eventId;
    expect(id(a[0]?.value)).toBe(id(b[0]?.value));
    expect(a.map((r) => decodePosition(r.headers[POSITION_HEADER]))).toEqual([{ lsn: ctx.lsn, seq: 0 }, { lsn: ctx.lsn, seq: 1 }]);
  });

  it('turns a delete into a tombstone keyed by the old userId', () => {
    const [record] = buildRecords([{ kind: 'delete', row: { user_id: 'u-1' } }], ctx);
    expect(record).toMatchObject({ topic: 'users.v1', value: null });
    expect(record?.key?.toString()).toBe('u-1');
  });

  it('dead-letters a row that is not a valid profile, with the reason and the row', () => {
    const bad = { ...row, interests: ['Not A Slug'] };
    const [record] = buildRecords([{ kind: 'upsert', row: bad }], ctx);
    expect(record?.topic).toBe('dlq.v1');
    const decoded = decodeValue('dlq.v1', record?.value ?? null);
    if (!decoded.ok || decoded.value === null) throw new Error('dead letter does not decode');
    expect(decoded.value.error).toMatchObject({ code: 'schema_violation', retriable: false });
    expect(decoded.value.error.message).toContain('/interests/0');
    expect(decoded.value.source).toMatchObject({ topic: 'users.v1', offset: ctx.lsn.toString(), consumerGroup: 'users_cdc' });
    expect(Buffer.from(decoded.value.key ?? '', 'base64').toString()).toBe('u-1');
    const original = JSON.parse(Buffer.from(decoded.value.value ?? '', 'base64').toString());
    expect(original.row.interests).toEqual(['Not A Slug']);
    // Account data stays in Postgres: the letter names the column, not its value.
    expect(original.row.email).toBeUndefined();
    expect(original.redacted).toEqual(['email']);
    expect(Buffer.from(decoded.value.value ?? '', 'base64').toString()).not.toContain('someone@example.org');
    expect(record?.key?.toString()).toBe('u-1');
  });

  it('dead-letters a delete whose user_id could never have been published', () => {
    const [record] = buildRecords([{ kind: 'delete', row: { user_id: 'bad:id' } }], ctx);
    expect(record?.topic).toBe('dlq.v1');
  });
});
