// Turns a record the decoder refused into the DeadLetter the wiring produces to dlq.v1, with the
// same builder as every other consumer (@tessera/streams): original bytes as base64, and an
// eventId derived from (group, topic, partition, offset), so a replay after a crash produces a
// dead letter with the same id, which downstream dedups like any other event.
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import { toDeadLetter as buildDeadLetter } from '@tessera/streams/dead-letter';
import type { RejectedRecord } from './archiver.js';

export function toDeadLetter(rejected: RejectedRecord, consumerGroup: string, now: number): DeadLetter {
  const { code, message } = rejected.rejection;
  return buildDeadLetter(rejected.record, { code, message, retriable: false }, { group: consumerGroup, attempts: 1, now });
}
