// The path from built records to Kafka: picks each users.v1 record's partition, drops records the
// topic already holds (positions at or below the partition's last published one), publishes the
// rest in order (under the topic prefix, if any) and counts what was emitted.
import type { TopicNames } from '@tessera/streams/topic-names';
import type { CdcMetrics } from './metrics.js';
import type { PartitionOf } from './kafka/partitioner.js';
import type { KafkaRecord, Publish } from './kafka/publisher.js';
import { alreadyPublished } from './position.js';
import type { PublishedMarks } from './position.js';
import { USERS_TOPIC } from './records.js';
import type { OutRecord } from './records.js';

export interface EmitDeps {
  readonly publish: Publish;
  readonly partitionOf: PartitionOf;
  /** Last position on each users.v1 partition when the process started. */
  readonly marks: PublishedMarks;
  readonly metrics: CdcMetrics;
  /** The broker's names of users.v1 and dlq.v1 (a prefix in tests and side-by-side environments); absent = as they are. */
  readonly names?: TopicNames;
}

export type Emit = (records: readonly OutRecord[]) => Promise<void>;

export function createEmit(deps: EmitDeps): Emit {
  // A transaction entirely below the highest mark was fully acknowledged by Kafka before the
  // restart (transactions are published one after the other), dead letters included.
  let highest = -1n;
  for (const mark of deps.marks.values()) if (mark.lsn > highest) highest = mark.lsn;

  return async (records) => {
    const out: (KafkaRecord & { readonly topic: OutRecord['topic'] })[] = [];
    let skipped = 0;
    for (const record of records) {
      if (record.topic === USERS_TOPIC && record.key !== null) {
        const partition = deps.partitionOf(record.key);
        if (alreadyPublished(deps.marks, partition, record.position)) skipped += 1;
        else out.push({ topic: record.topic, partition, key: record.key, value: record.value, headers: record.headers });
      } else if (record.position.lsn < highest) {
        skipped += 1;
      } else {
        out.push({ topic: record.topic, key: record.key, value: record.value, headers: record.headers });
      }
    }
    const names = deps.names;
    await deps.publish(names ? out.map((r) => ({ ...r, topic: names.physical(r.topic) })) : out);
    if (skipped > 0) deps.metrics.skipped(skipped);
    for (const r of out) deps.metrics.emitted(r.topic !== USERS_TOPIC ? 'dead_letter' : r.value === null ? 'tombstone' : 'upsert');
  };
}
