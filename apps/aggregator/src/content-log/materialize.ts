// Reads content.v1 from the beginning up to the end offsets it had when we started, into the
// in-memory table the pipeline consults (KnownContent). The aggregator awaits this before it
// builds the pipeline and polls, so a restart knows everything it published and re-emits nothing.
// After the catch-up the consumer leaves: the aggregator is content.v1's only producer, and its
// sink applies its own acknowledged records to the same table (see sink.ts).
//
// A consumer group of its own per start (nothing committed): kafkajs 2.2.4 has no manual assign,
// and the position is always "from the beginning", so offsets are never worth keeping.
import { randomUUID } from 'node:crypto';
import { decodeValue } from '@tessera/contracts/codec';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';
import { createMemoryContent } from '../memory-content.js';
import type { MemoryContent } from '../memory-content.js';
import { tombstoneReason } from './tombstone-reason.js';

export interface MaterializeOptions {
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly log?: { warn(fields: object, message: string): void };
  /** Prefix of the throwaway consumer group (default 'aggregator-content'). */
  readonly groupPrefix?: string;
}

export interface Materialized {
  readonly table: MemoryContent;
  /** Records read (values and tombstones). */
  readonly records: number;
  /** Records that were not content.v1 values (undecodable, no key); logged, not applied. */
  readonly skipped: number;
}

export async function materializeContent(options: MaterializeOptions): Promise<Materialized> {
  const topic = options.names.physical('content.v1');
  const table = createMemoryContent();
  const ends = await endOffsets(options.kafka, topic);
  if (ends.size === 0) return { table, records: 0, skipped: 0 };

  let records = 0, skipped = 0;
  const consumer = options.kafka.consumer({ groupId: `${options.groupPrefix ?? 'aggregator-content'}-${randomUUID()}`, maxWaitTimeInMs: 250 });
  let caughtUp!: () => void;
  let crashed!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => { caughtUp = resolve; crashed = reject; });
  consumer.on(consumer.events.CRASH, (event) => { if (!event.payload.restart) crashed(event.payload.error); });

  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const key = message.key?.toString('utf8');
          const decoded = decodeValue('content.v1', message.value);
          if (!key || !decoded.ok) {
            skipped++;
            options.log?.warn({ partition: batch.partition, offset: message.offset, reason: decoded.ok ? 'no key' : decoded.error.message }, 'content.v1 record skipped');
          } else if (decoded.value) {
            table.apply({ key, value: decoded.value });
          } else {
            table.apply({ key, value: null, reason: tombstoneReason(table.get(key), Number(message.timestamp)) });
          }
          records++;
          const end = ends.get(batch.partition);
          if (end !== undefined && BigInt(message.offset) + 1n >= end) ends.delete(batch.partition);
        }
        if (ends.size === 0) caughtUp();
      },
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return { table, records, skipped };
}

/** Partition -> end offset, for the partitions that hold anything. */
async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}
