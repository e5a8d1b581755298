// The two Kafka consumers of a delivery node.
// - Feeds: recommendations.v2 in the group shared by every node (each feed is handled by one
//   node, which routes it to wherever the user's sockets are). A batch is applied concurrently:
//   the appends of one user still reach Redis in record order over the one connection, so the
//   user's offsets follow the partition order. Offsets are committed after the batch's appends.
// - Takedowns: content.v1 in a group of this node's own (<group>.<nodeId>), because every node
//   must see every takedown. On each assignment it starts at the records of the last
//   `lookbackMs`, so a takedown shortly before a start (or a restart) is not missed; live items
//   (non-null values) are skipped.
import type { Logger } from '@tessera/platform/logger';
import type { ConsumerMetrics } from '@tessera/streams/consumer-metrics';
import { runConsumer } from '@tessera/streams/consumer-runner';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { Kafka } from 'kafkajs';
import type { DeliveryNode } from '../node.js';
import { factsOf } from '../state/feed-facts.js';

export interface ConsumerDeps {
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly node: DeliveryNode;
  readonly deadLetter: (letters: DeadLetter[]) => Promise<void>;
  readonly logger: Logger;
  readonly metrics?: ConsumerMetrics;
  readonly sessionTimeoutMs?: number;
}

export function startFeedConsumer(deps: ConsumerDeps & { readonly groupId: string; readonly concurrency?: number }): Promise<ConsumerRunner> {
  return runConsumer({
    kafka: deps.kafka, names: deps.names, groupId: deps.groupId, topics: ['recommendations.v2'], logger: deps.logger,
    deadLetter: deps.deadLetter, ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.sessionTimeoutMs ? { sessionTimeoutMs: deps.sessionTimeoutMs } : {}),
    // A node that starts with no committed offsets only pushes what is new; older feeds are in
    // u:{id}:feed for the next connect.
    fromBeginning: false,
    maxWaitTimeInMs: 100,
    // Partitions are independent (a user lives on one), so while one batch waits for Redis the
    // next partition's batch is applied.
    partitionsConsumedConcurrently: deps.concurrency ?? 4,
    handle: async (records) => {
      const consumedAt = process.hrtime.bigint();
      await Promise.all(records.map((r) => {
        const feedJson = r.raw.value?.toString('utf8') ?? '';
        return deps.node.applyFeed(r.value.userId, factsOf(r.value, feedJson), consumedAt);
      }));
    },
  });
}

export function startTakedownConsumer(deps: ConsumerDeps & { readonly groupId: string; readonly lookbackMs: number }): Promise<ConsumerRunner> {
  return runConsumer({
    kafka: deps.kafka, names: deps.names, groupId: deps.groupId, topics: ['content.v1'], logger: deps.logger,
    deadLetter: deps.deadLetter, ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.sessionTimeoutMs ? { sessionTimeoutMs: deps.sessionTimeoutMs } : {}),
    maxWaitTimeInMs: 100,
    startOffsets: async (topic, partitions) => {
      const admin = deps.kafka.admin();
      await admin.connect();
      try {
        const physical = deps.names.physical(topic);
        const [byTime, latest] = await Promise.all([
          admin.fetchTopicOffsetsByTimestamp(physical, Date.now() - deps.lookbackMs),
          admin.fetchTopicOffsets(physical),
        ]);
        const offsets = new Map<number, string>();
        for (const p of partitions) {
          const at = byTime.find((o) => o.partition === p)?.offset;
          offsets.set(p, at !== undefined && at !== '-1' ? at : latest.find((o) => o.partition === p)?.high ?? '0');
        }
        return offsets;
      } finally {
        await admin.disconnect();
      }
    },
    handle: async (records) => {
      for (const r of records) if (r.value === null && r.key) await deps.node.applyTakedown(r.key);
    },
  });
}
