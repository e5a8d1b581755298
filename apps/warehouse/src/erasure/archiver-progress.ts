// Waits until the archiver has archived everything that was in Kafka when an erasure began. The
// archiver commits a partition's offset only after the objects holding those records are
// uploaded, so once its group's committed offsets reach the high watermarks taken at the start,
// every record of the erased user written before the deletion is in an archive object, where
// the sweep will find it. Without this wait, a record still in an open (not yet uploaded) file
// would be uploaded after the sweep and outlive the erasure.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';

export interface ArchiverProgressOptions {
  admin: Pick<Admin, 'fetchTopicOffsets' | 'fetchOffsets'>;
  /** The archiver's consumer group. */
  groupId: string;
  /** Broker topic names the archiver reads (those that may hold the user's records). */
  topics: readonly string[];
  pollMs?: number;
  signal?: AbortSignal;
  /** Called on each look that finds the archiver behind (partitions still to archive). */
  onBehind?: (behind: { topic: string; partition: number; committed: number; target: number }[]) => void;
}

export async function waitForArchiver(options: ArchiverProgressOptions): Promise<void> {
  const targets = new Map<string, Map<number, number>>();
  for (const topic of options.topics) {
    const offsets = await options.admin.fetchTopicOffsets(topic).catch((error: unknown) => {
      // A topic that does not exist holds nothing to archive.
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return [];
      throw error;
    });
    const open = new Map<number, number>();
    for (const p of offsets) if (Number(p.high) > Number(p.low)) open.set(p.partition, Number(p.high));
    if (open.size > 0) targets.set(topic, open);
  }
  for (;;) {
    options.signal?.throwIfAborted();
    const behind: { topic: string; partition: number; committed: number; target: number }[] = [];
    if (targets.size > 0) {
      const answer = await options.admin.fetchOffsets({ groupId: options.groupId, topics: [...targets.keys()] });
      const committed = new Map(answer.flatMap(({ topic, partitions }) => partitions.map((p) => [`${topic}\0${p.partition}`, Number(p.offset)] as const)));
      for (const [topic, partitions] of targets) {
        for (const [partition, target] of partitions) {
          // No commit at all (-1 or absent) is behind like any other.
          const at = committed.get(`${topic}\0${partition}`) ?? -1;
          if (at < target) behind.push({ topic, partition, committed: at, target });
        }
      }
    }
    if (behind.length === 0) return;
    options.onBehind?.(behind);
    await sleep(options.pollMs ?? 1_000, undefined, options.signal ? { signal: options.signal } : {});
  }
}
