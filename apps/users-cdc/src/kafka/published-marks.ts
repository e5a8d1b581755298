// Reads back the last record of every partition of users.v1 and returns the highest WAL position
// already published there. Run once at start, before streaming: a transaction that reached Kafka
// but whose slot acknowledgement was lost (crash, kill -9) is then skipped instead of duplicated.
// Uses a throwaway consumer group that never commits and is deleted afterwards.
import type { Kafka } from 'kafkajs';
import { decodePosition, POSITION_HEADER } from '../position.js';
import type { Position } from '../position.js';

export interface MarksOptions {
  readonly groupId: string;
  readonly timeoutMs?: number;
}

export interface PublishedTail {
  readonly partitionCount: number;
  readonly marks: Map<number, Position>;
}

export async function readPublishedTail(kafka: Kafka, topic: string, options: MarksOptions): Promise<PublishedTail> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const targets = new Map<number, bigint>();
    for (const p of offsets) if (BigInt(p.high) > BigInt(p.low)) targets.set(p.partition, BigInt(p.high) - 1n);
    const marks = targets.size === 0 ? new Map<number, Position>() : await readLast(kafka, topic, targets, options);
    if (targets.size > 0) await admin.deleteGroups([options.groupId]).catch(() => undefined);
    return { partitionCount: offsets.length, marks };
  } finally {
    await admin.disconnect();
  }
}

async function readLast(kafka: Kafka, topic: string, targets: Map<number, bigint>, options: MarksOptions): Promise<Map<number, Position>> {
  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  const marks = new Map<number, Position>();
  const pending = new Set(targets.keys());
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const target = targets.get(partition);
        if (target === undefined || BigInt(message.offset) < target) return;
        const position = decodePosition(message.headers?.[POSITION_HEADER]?.toString());
        const previous = marks.get(partition);
        if (position !== null && (previous === undefined || position.lsn > previous.lsn || (position.lsn === previous.lsn && position.seq > previous.seq))) {
          marks.set(partition, position);
        }
        pending.delete(partition);
        if (pending.size === 0) finish();
      },
    });
    for (const [partition, offset] of targets) consumer.seek({ topic, partition, offset: offset.toString() });
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`could not read the tail of ${topic} within ${timeoutMs} ms`), { code: 'tail_read_timeout', retriable: true })), timeoutMs);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return marks;
  } finally {
    await consumer.disconnect();
  }
}
