// The two narrow dependencies at the end of the pipeline, defined where they are used. The Kafka
// wiring implements them with a producer on content.v1 (publish = keyed record, tombstone = null
// value) and a table materialized from content.v1; tests and the bench use the in-memory ones.
import type { ContentItem } from './content-contract.js';

/** Why a tombstone was written. The wiring carries it as a record header so a materialized
 *  table can tell a takedown (stays removed) from an expiry (may come back with a new date). */
export type TombstoneReason = 'takedown' | 'expired';

export interface ContentSink {
  /** Resolves once the record is acknowledged (acks=-1 in production). */
  publish(item: ContentItem): Promise<void>;
  publishTombstone(contentId: string, reason: TombstoneReason): Promise<void>;
}

export type KnownEntry =
  | { readonly state: 'live'; readonly item: ContentItem }
  | { readonly state: 'removed' };

/** What content.v1 already holds: the last published value per contentId. */
export interface KnownContent {
  get(contentId: string): KnownEntry | undefined;
  /** Every live item, to rebuild story grouping and expiry after a restart. */
  live(): Iterable<ContentItem>;
}
