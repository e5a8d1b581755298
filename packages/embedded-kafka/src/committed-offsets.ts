// Owns the durable CommittedOffsets the group coordinator writes through: an in-memory view (the
// coordinator answers OffsetFetch synchronously) seeded from the storage journal at start, with
// every change written through to the journal so committed offsets survive a restart. A commit is
// acknowledged only after the journal write resolved (the coordinator awaits set()); whether that
// write was already fsynced depends on the flush policy.
import { MemoryCommittedOffsets, type CommittedOffset, type CommittedOffsets, type CommittedPartition } from './groups/offsets.js';
import type { Journal } from './storage/types.js';

export class JournalCommittedOffsets implements CommittedOffsets {
  private readonly view = new MemoryCommittedOffsets();

  constructor(private readonly journal: Journal) {
    for (const o of journal.offsets()) {
      this.view.set(o.group, o.topic, o.partition, { offset: o.offset, metadata: o.metadata ?? '', commitTimestamp: o.commitTimestamp });
    }
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.view.get(group, topic, partition);
  }

  set(group: string, topic: string, partition: number, value: CommittedOffset): Promise<void> {
    this.view.set(group, topic, partition, value);
    return this.journal.commitOffsets([{ group, topic, partition, ...value }]);
  }

  delete(group: string): Promise<void> {
    this.view.delete(group);
    return this.journal.deleteOffsets(group);
  }

  async deleteTopic(topic: string): Promise<void> {
    const groups = this.view.groups().filter((g) => this.view.list(g).some((p) => p.topic === topic));
    this.view.deleteTopic(topic);
    for (const g of groups) await this.journal.deleteOffsets(g, topic);
  }

  list(group: string): CommittedPartition[] {
    return this.view.list(group);
  }

  groups(): string[] {
    return this.view.groups();
  }
}
