// Turns the changes of one transaction (or one snapshot page) into Kafka records: a UserProfile
// value keyed by userId for an insert/update/snapshot row, a null value (tombstone) for a delete,
// and a DeadLetter on dlq.v1 for a row that cannot become a valid profile. Pure: no I/O.
import { encodeKey, encodeValue } from '@tessera/contracts/codec';
import { recordKey } from '@tessera/contracts/record-key';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import { deterministicUuidV7 } from './event-id.js';
import { encodePosition, POSITION_HEADER } from './position.js';
import type { Position } from './position.js';
import { minimizedRow, rowToProfile, rowUserId } from './row-to-profile.js';
import type { Row } from './row-to-profile.js';

export const USERS_TOPIC = 'users.v1';
export const DLQ_TOPIC = 'dlq.v1';

export type Change = { readonly kind: 'upsert'; readonly row: Row } | { readonly kind: 'delete'; readonly row: Row };

export interface OutRecord {
  readonly topic: typeof USERS_TOPIC | typeof DLQ_TOPIC;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly position: Position;
}

export interface BatchContext {
  /** Commit LSN of the transaction, or the slot's consistent point for snapshot rows. */
  readonly lsn: bigint;
  /** Commit time (ms); snapshot rows use their own updated_at instead. */
  readonly commitTimeMs: number | null;
  readonly slot: string;
  readonly now: number;
  /** Index of the first change of this batch within its transaction or snapshot. */
  readonly firstSeq?: number;
}

const MAX_ERROR_MESSAGE = 2000;

export function buildRecords(changes: readonly Change[], ctx: BatchContext): OutRecord[] {
  const base = ctx.firstSeq ?? 0;
  return changes.map((change, i) => buildRecord(change, { lsn: ctx.lsn, seq: base + i }, ctx));
}

function buildRecord(change: Change, position: Position, ctx: BatchContext): OutRecord {
  const headers = { [POSITION_HEADER]: encodePosition(position) };
  const userId = rowUserId(change.row);
  const seed = `${ctx.slot}:${encodePosition(position)}:${String(change.row.user_id)}`;
  if (change.kind === 'delete') {
    if (userId === null) return deadLetter(change, position, ctx, seed, 'invalid_user_id', 'deleted row has no valid user_id');
    return { topic: USERS_TOPIC, key: encodeKey(userId), value: null, headers, position };
  }
  const time = ctx.commitTimeMs ?? epochOf(change.row.updated_at) ?? ctx.now;
  const mapped = rowToProfile(change.row, {
    eventId: deterministicUuidV7(time, seed),
    occurredAt: time,
    receivedAt: ctx.now,
  });
  if (!mapped.ok) return deadLetter(change, position, ctx, seed, mapped.error.code, mapped.error.message);
  const value = encodeValue(USERS_TOPIC, mapped.profile);
  if (!value.ok) return deadLetter(change, position, ctx, seed, value.error.code, value.error.message);
  return { topic: USERS_TOPIC, key: recordKey(USERS_TOPIC, mapped.profile), value: value.value, headers, position };
}

// dlq.v1's source block names a Kafka record; a CDC failure has none yet, so it names the topic the
// row was bound for, partition 0, the LSN as the offset and the slot as the reader (see README).
function deadLetter(change: Change, position: Position, ctx: BatchContext, seed: string, code: string, message: string): OutRecord {
  const userId = change.row.user_id;
  const letter: DeadLetter = {
    eventId: deterministicUuidV7(ctx.commitTimeMs ?? ctx.now, `dlq:${seed}`),
    occurredAt: ctx.now,
    source: {
      topic: USERS_TOPIC,
      partition: 0,
      offset: position.lsn.toString(10),
      ...(ctx.commitTimeMs === null ? {} : { timestamp: ctx.commitTimeMs }),
      consumerGroup: ctx.slot,
    },
    // toWellFormed: a cut inside a surrogate pair would make dlq.v1 refuse its own letter.
    error: { code, message: message.slice(0, MAX_ERROR_MESSAGE).toWellFormed(), retriable: false, attempts: 1 },
    key: typeof userId === 'string' && userId.length > 0 ? Buffer.from(userId, 'utf8').toString('base64').slice(0, 8192) : null,
    // Only the profile columns: an unreadable row must not carry its e-mail into dlq.v1 for 30 days.
    value: Buffer.from(JSON.stringify({ change: change.kind, ...minimizedRow(change.row) }), 'utf8').toString('base64'),
    headers: [
      { key: 'tessera-source', value: Buffer.from('postgres:public.users').toString('base64') },
      { key: POSITION_HEADER, value: Buffer.from(encodePosition(position)).toString('base64') },
    ],
  };
  const encoded = encodeValue(DLQ_TOPIC, letter);
  if (!encoded.ok) throw new Error(`dead letter refused by its own contract: ${encoded.error.message}`);
  return {
    topic: DLQ_TOPIC,
    key: recordKey(DLQ_TOPIC, letter),
    value: encoded.value,
    headers: { [POSITION_HEADER]: encodePosition(position) },
    position,
  };
}

function epochOf(value: unknown): number | null {
  return value instanceof Date ? value.getTime() : null;
}
