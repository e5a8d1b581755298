// ContentSink on the streams producer: an item is a keyed record on content.v1 (keyed by
// contentId through the contract's record key), a takedown or an expiry is a tombstone. Each
// acknowledged record is applied to the materialized table, so KnownContent stays what the topic
// holds without consuming our own writes back. The last failure is kept for readiness.
import type { ContentItem } from '../content-contract.js';
import type { ContentSink } from '../content-sink.js';
import type { ContentRecord } from '../memory-content.js';

export interface ContentLogDeps {
  /** producer.send('content.v1', items): resolves when acknowledged. */
  readonly send: (items: ContentItem[]) => Promise<void>;
  /** producer.tombstone('content.v1', contentIds). */
  readonly tombstone: (contentIds: string[]) => Promise<void>;
  readonly table: { apply(record: ContentRecord): void };
}

export interface ContentLogSink extends ContentSink {
  /** The error of the last publish when it failed and nothing succeeded since. */
  lastFailure(): unknown;
}

export function createContentLogSink(deps: ContentLogDeps): ContentLogSink {
  let failure: unknown;
  const track = async (write: Promise<void>) => {
    try {
      await write;
      failure = undefined;
    } catch (error) {
      failure = error;
      throw error;
    }
  };
  return {
    async publish(item) {
      await track(deps.send([item]));
      deps.table.apply({ key: item.contentId, value: item });
    },
    async publishTombstone(contentId, reason) {
      await track(deps.tombstone([contentId]));
      deps.table.apply({ key: contentId, value: null, reason });
    },
    lastFailure: () => failure,
  };
}
