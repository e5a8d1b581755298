// Owns the JSON snapshot of the broker that operators (and the future stream-lineage page) read:
// topics with per-partition offsets, groups with state, members, committed offsets and lag. Pure
// over its inputs so the HTTP server, metrics and tests all see the same numbers.
import type { Cluster } from './cluster.js';
import type { CommittedOffsets } from './groups/offsets.js';

export interface GroupSummary { groupId: string; state: string; members: string[] }

export interface PartitionView { partition: number; logStartOffset: number; highWatermark: number; sizeBytes: number }
/** A group reading the topic: the edges of the stream-lineage graph (topic → consumer group). */
export interface ConsumerEdge { groupId: string; lag: number }
export interface TopicView { name: string; topicId: string; configs: Record<string, string>; partitions: PartitionView[]; consumers: ConsumerEdge[] }
export interface CommittedView { topic: string; partition: number; committed: number; metadata: string; highWatermark: number; lag: number }
export interface GroupView { groupId: string; state: string; members: string[]; offsets: CommittedView[]; totalLag: number }

export function topicsView(cluster: Cluster, offsets: CommittedOffsets): TopicView[] {
  const edges = new Map<string, ConsumerEdge[]>();
  for (const groupId of offsets.groups()) {
    const lagByTopic = new Map<string, number>();
    for (const o of offsets.list(groupId)) {
      const hwm = cluster.log(o.topic, o.partition)?.highWatermark ?? o.offset;
      lagByTopic.set(o.topic, (lagByTopic.get(o.topic) ?? 0) + Math.max(0, hwm - o.offset));
    }
    for (const [topic, lag] of lagByTopic) edges.set(topic, [...(edges.get(topic) ?? []), { groupId, lag }]);
  }
  return cluster.topics().map((t) => ({
    consumers: (edges.get(t.name) ?? []).sort((a, b) => a.groupId.localeCompare(b.groupId)),
    name: t.name,
    topicId: t.topicId,
    configs: { ...t.configs },
    partitions: t.logs.map((log, partition) => ({ partition, logStartOffset: log.logStartOffset, highWatermark: log.highWatermark, sizeBytes: log.sizeBytes })),
  })).sort((a, b) => a.name.localeCompare(b.name));
}

export function groupsView(cluster: Cluster, groups: GroupSummary[], offsets: CommittedOffsets): GroupView[] {
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  for (const id of offsets.groups()) if (!byId.has(id)) byId.set(id, { groupId: id, state: 'Empty', members: [] });
  return [...byId.values()].map((g) => {
    const committed = offsets.list(g.groupId).map((o) => {
      const hwm = cluster.log(o.topic, o.partition)?.highWatermark ?? o.offset;
      return { topic: o.topic, partition: o.partition, committed: o.offset, metadata: o.metadata, highWatermark: hwm, lag: Math.max(0, hwm - o.offset) };
    });
    return { ...g, offsets: committed, totalLag: committed.reduce((sum, o) => sum + o.lag, 0) };
  }).sort((a, b) => a.groupId.localeCompare(b.groupId));
}
