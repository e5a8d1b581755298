// Turns a record the decoder refused into the DeadLetter the wiring produces to dlq.v1. The
// eventId is a UUIDv7 derived from (group, topic, partition, offset): a replay after a crash
// produces a dead letter with the same id, which downstream dedups like any other event.
import { createHash } from 'node:crypto';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { RejectedRecord } from './archiver.js';
import { flattenHeaders } from './record.js';

const MAX_MESSAGE = 2000;

export function toDeadLetter(rejected: RejectedRecord, consumerGroup: string, now: number): DeadLetter {
  const { record, rejection } = rejected;
  const timestamp = Number(record.timestamp);
  return {
    eventId: deterministicUuidV7(`${consumerGroup}/${record.topic}/${record.partition}/${record.offset}`, timestamp),
    occurredAt: now,
    source: { topic: record.topic, partition: record.partition, offset: record.offset, timestamp, consumerGroup },
    error: { code: rejection.code, message: rejection.message.slice(0, MAX_MESSAGE), retriable: false, attempts: 1 },
    key: record.key === null ? null : record.key.toString('base64'),
    value: record.value === null ? null : record.value.toString('base64'),
    headers: flattenHeaders(record.headers).map((h) => ({ key: h.key, value: h.value === null ? null : h.value.toString('base64') })),
  };
}

/** UUIDv7 layout (48-bit ms time, version 7, variant 10) with the random bits taken from a hash. */
export function deterministicUuidV7(seed: string, epochMs: number): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  bytes.writeUIntBE(Math.max(0, Math.trunc(epochMs)), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
