// In-memory content.v1: a ContentSink that applies every record to a KnownContent table at once.
// It is what tests, the bench and the demo without a broker use, and the shape the Kafka
// materializer will have (apply each consumed record). Only takedowns are remembered as removed;
// an expired item is simply gone, so a publisher may bring it back with a new date.
import type { ContentItem } from './content-contract.js';
import type { ContentSink, KnownContent, KnownEntry, TombstoneReason } from './content-sink.js';

export type ContentRecord = { readonly key: string; readonly value: ContentItem | null; readonly reason?: TombstoneReason };

export interface MemoryContent extends ContentSink, KnownContent {
  /** Applies one record of content.v1 (what a consumer of the topic would do). */
  apply(record: ContentRecord): void;
  /** Every record in publish order, as a consumer of content.v1 would see them. */
  readonly records: readonly ContentRecord[];
}

export function createMemoryContent(options: { onPublish?: (record: ContentRecord) => Promise<void> | void } = {}): MemoryContent {
  const table = new Map<string, KnownEntry>();
  const records: ContentRecord[] = [];

  const content: MemoryContent = {
    records,
    apply(record) {
      if (record.value) table.set(record.key, { state: 'live', item: record.value });
      else if (record.reason === 'expired') table.delete(record.key);
      else table.set(record.key, { state: 'removed' });
    },
    async publish(item) {
      const record = { key: item.contentId, value: item };
      await options.onPublish?.(record);
      records.push(record);
      content.apply(record);
    },
    async publishTombstone(contentId, reason) {
      const record = { key: contentId, value: null, reason };
      await options.onPublish?.(record);
      records.push(record);
      content.apply(record);
    },
    get: (contentId) => table.get(contentId),
    *live() {
      for (const entry of table.values()) if (entry.state === 'live') yield entry.item;
    },
  };
  return content;
}
