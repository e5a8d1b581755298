// Builds the DeadLetter (contracts' dlq.v1 value) for a record a consumer gave up on: where it
// came from (topic, partition, offset, group), why (error code, message, retriable, attempts) and
// the original key, value and headers byte for byte (base64), so it can be inspected and replayed
// unchanged. The eventId is derived from (group, topic, partition, offset): a crash between the
// DLQ write and the commit re-sends a dead letter with the same id, which dedups downstream.
import { createHash } from 'node:crypto';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { StreamError } from './errors.js';

/** The consumed record as kafkajs hands it over (bytes untouched). */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

const MAX_MESSAGE = 2000;
const MAX_HEADERS = 64;
// Header values are base64 ≤ 8192 chars in the schema.
const MAX_HEADER_BYTES = 6144;
const MIN_EPOCH_MS = 946_684_800_000;
const MAX_EPOCH_MS = 4_102_444_800_000;

function toBytes(v: Buffer | string | undefined): Buffer | null {
  if (v === undefined) return null;
  return Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
}

function flatHeaders(headers: RawRecord['headers']): { key: string; value: Buffer | null }[] {
  return Object.entries(headers ?? {}).flatMap(([key, raw]) =>
    (Array.isArray(raw) ? raw : [raw]).map((v) => ({ key, value: toBytes(v) })));
}

/** Error codes in dlq.v1 are `^[a-z0-9_.]+$`, ≤ 64 chars; foreign codes are normalized to that. */
export function dlqErrorCode(code: string): string {
  const clean = code.toLowerCase().replace(/[^a-z0-9_.]/g, '_').slice(0, 64);
  return clean === '' ? 'unclassified' : clean;
}

export function toDeadLetter(record: RawRecord, error: StreamError, ctx: { group: string; attempts: number; now: number }): DeadLetter {
  const notes: string[] = [];
  const headers = flatHeaders(record.headers).filter((h) => h.key.length > 0 && h.key.length <= 256);
  if (headers.length > MAX_HEADERS) notes.push(`${headers.length - MAX_HEADERS} headers not kept`);
  const kept = headers.slice(0, MAX_HEADERS).map((h) => {
    if (h.value !== null && h.value.length > MAX_HEADER_BYTES) {
      notes.push(`header ${h.key} value (${h.value.length} bytes) not kept`);
      return { key: h.key, value: null };
    }
    return { key: h.key, value: h.value === null ? null : h.value.toString('base64') };
  });
  const timestamp = Number(record.timestamp);
  // Messages quote what failed (V8's JSON.parse quotes the text, cutting an emoji in half), and a
  // cut at MAX_MESSAGE can split a pair: an unpaired surrogate would make dlq.v1 refuse the letter.
  const message = [error.message, ...notes].join('; ').slice(0, MAX_MESSAGE).toWellFormed();
  return {
    eventId: deterministicUuidV7(`${ctx.group}/${record.topic}/${record.partition}/${record.offset}`, Number.isFinite(timestamp) ? timestamp : 0),
    occurredAt: ctx.now,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      ...(timestamp >= MIN_EPOCH_MS && timestamp <= MAX_EPOCH_MS ? { timestamp } : {}),
      consumerGroup: ctx.group,
    },
    error: { code: dlqErrorCode(error.code), message, retriable: error.retriable, attempts: Math.min(Math.max(1, ctx.attempts), 1000) },
    key: record.key === null ? null : record.key.toString('base64'),
    value: record.value === null ? null : record.value.toString('base64'),
    headers: kept,
  };
}

/** UUIDv7 layout (48-bit ms time, version 7, variant 10) whose random bits come from a hash of `seed`. */
export function deterministicUuidV7(seed: string, epochMs: number): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  bytes.writeUIntBE(Math.max(0, Math.trunc(epochMs)), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
