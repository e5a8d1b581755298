// Positions kept outside Kafka (the table materializer's offsets in Redis): on every assignment,
// the stored offsets of the assigned partitions are read and seeked to. Until that is done, the
// partition's batches must not be processed: one handled first could store an offset past
// records that a lost Redis never saw. kafkajs emits GROUP_JOIN synchronously before the first
// fetch of the generation, so the partitions are marked pending before any batch can arrive.
// Reading is retried (Redis may be down at assignment) until it works or the consumer stops.
import type { TopicName } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import type { Consumer } from 'kafkajs';
import { backoffDelay } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import { classify } from './errors.js';
import type { StreamError } from './errors.js';
import type { TopicNames } from './topic-names.js';

export type ReadStoredOffsets<T extends TopicName> = (topic: T, partitions: number[]) => Promise<Map<number, string>>;

export interface StoredOffsetsDeps<T extends TopicName> {
  consumer: Pick<Consumer, 'on' | 'seek' | 'events'>;
  names: TopicNames;
  topics: readonly T[];
  read: ReadStoredOffsets<T>;
  retry: BackoffPolicy;
  log: Pick<Logger, 'warn'>;
  stopping(): boolean;
  stopped: Promise<void>;
  onRetry(topic: T, error: StreamError): void;
}

export interface StoredOffsets {
  /** Set while the partition's stored offset is being read and seeked to. */
  pending(physicalTopic: string, partition: number): Promise<void> | undefined;
}

export function seekToStoredOffsets<T extends TopicName>(deps: StoredOffsetsDeps<T>): StoredOffsets {
  const seeking = new Map<string, Promise<void>>();

  async function seek(physical: string, topic: T, partitions: number[]): Promise<void> {
    for (let n = 1; !deps.stopping(); n += 1) {
      try {
        const offsets = await deps.read(topic, partitions);
        for (const [partition, offset] of offsets) deps.consumer.seek({ topic: physical, partition, offset });
        return;
      } catch (err) {
        const delayMs = backoffDelay(deps.retry, n);
        deps.onRetry(topic, classify(err));
        deps.log.warn({ err, topic, attempt: n, delayMs }, 'could not read stored offsets; retrying');
        await Promise.race([deps.stopped, new Promise((r) => setTimeout(r, delayMs))]);
      }
    }
  }

  deps.consumer.on(deps.consumer.events.GROUP_JOIN, (event) => {
    for (const [physical, partitions] of Object.entries(event.payload.memberAssignment)) {
      const topic = deps.names.logical(physical) as T | undefined;
      if (!topic || !deps.topics.includes(topic)) continue;
      const done = seek(physical, topic, partitions).finally(() => {
        for (const p of partitions) if (seeking.get(`${physical}/${p}`) === done) seeking.delete(`${physical}/${p}`);
      });
      for (const p of partitions) seeking.set(`${physical}/${p}`, done);
    }
  });

  return { pending: (physical, partition) => seeking.get(`${physical}/${partition}`) };
}
