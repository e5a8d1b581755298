// Committed consumer offsets: the narrow store interface the coordinator writes through, and the
// in-memory implementation used by unit tests and the memory-only broker. The broker's durable
// implementation (backed by the storage journal) lives with the broker, not here.

export interface CommittedOffset {
  offset: number;
  /** Client metadata string; must round-trip byte for byte (null from the wire is stored as ''). */
  metadata: string;
  commitTimestamp: number;
}

export interface CommittedPartition extends CommittedOffset { topic: string; partition: number }

/**
 * set/delete may return a promise that resolves once the change is written; get/list/groups must
 * already see a change synchronously after set/delete returned (the coordinator answers
 * OffsetFetch from them without waiting).
 */
export interface CommittedOffsets {
  get(group: string, topic: string, partition: number): CommittedOffset | undefined;
  set(group: string, topic: string, partition: number, value: CommittedOffset): void | Promise<void>;
  /** Drops every offset of the group (DeleteGroups). */
  delete(group: string): void | Promise<void>;
  /** Drops the topic's offsets in every group (DeleteTopics). */
  deleteTopic(topic: string): void | Promise<void>;
  /** Every committed partition of the group, sorted by topic then partition. */
  list(group: string): CommittedPartition[];
  /** Groups that have at least one committed offset. */
  groups(): string[];
}

export class MemoryCommittedOffsets implements CommittedOffsets {
  private readonly byGroup = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.byGroup.get(group)?.get(topic)?.get(partition);
  }

  set(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let topics = this.byGroup.get(group);
    if (!topics) this.byGroup.set(group, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, { ...value });
  }

  delete(group: string): void {
    this.byGroup.delete(group);
  }

  deleteTopic(topic: string): void {
    for (const [group, topics] of this.byGroup) {
      topics.delete(topic);
      if (topics.size === 0) this.byGroup.delete(group);
    }
  }

  list(group: string): CommittedPartition[] {
    const out: CommittedPartition[] = [];
    for (const [topic, partitions] of this.byGroup.get(group) ?? []) {
      for (const [partition, v] of partitions) out.push({ topic, partition, ...v });
    }
    return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  groups(): string[] {
    return [...this.byGroup.keys()];
  }
}
