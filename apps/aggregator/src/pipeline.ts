// Source items -> normalized -> identified (contentId from the canonical URL, storyId from the
// story index) -> published on content.v1 through the narrow ContentSink. Skips what content.v1
// already holds unchanged (via KnownContent, so a restart re-emits nothing), what another source
// already owns (same URL from two feeds is one item), and what was taken down. Takedowns and
// expiries become tombstones.
//
// The pipeline keeps its own view of what it published in this process, consulted before
// KnownContent: the materialized table lags the producer, and a poll inside that lag must not
// publish the same item twice.
import { v7 as uuidv7 } from 'uuid';
import type { ContentItem } from './content-contract.js';
import { contentItemProblems } from './content-contract.js';
import type { ContentSink, KnownContent, KnownEntry } from './content-sink.js';
import { contentIdFor } from './dedup/content-id.js';
import { createStoryIndex } from './dedup/story-index.js';
import type { StoryIndex } from './dedup/story-index.js';
import { aggregatorError, messageOf } from './errors.js';
import type { AggregatorError } from './errors.js';
import type { Classifier } from './normalize/classifier.js';
import { normalizeItem } from './normalize/normalize.js';
import type { NormalizedItem } from './normalize/normalize.js';
import type { RawItem, SourceContext } from './sources/raw-item.js';

export type ItemOutcome =
  | { readonly status: 'published' | 'unchanged'; readonly contentId: string; readonly storyId: string }
  | { readonly status: 'duplicate'; readonly contentId: string; readonly ownerSourceId: string }
  | { readonly status: 'rejected'; readonly contentId?: string; readonly error: AggregatorError }
  | { readonly status: 'failed'; readonly contentId: string; readonly error: AggregatorError };

export interface BatchReport {
  readonly published: number;
  readonly unchanged: number;
  readonly duplicates: number;
  readonly rejected: readonly AggregatorError[];
  /** Set when publishing failed; the rest of the batch was not attempted. */
  readonly error?: AggregatorError;
}

export interface PipelineDeps {
  readonly sink: ContentSink;
  readonly known: KnownContent;
  readonly classifier: Classifier;
  readonly stories?: StoryIndex;
  readonly now?: () => number;
  readonly newEventId?: () => string;
}

export function createPipeline(deps: PipelineDeps) {
  const now = deps.now ?? Date.now;
  const newEventId = deps.newEventId ?? (() => uuidv7());
  const stories = deps.stories ?? createStoryIndex();
  const local = new Map<string, KnownEntry>();
  const expiries = new Map<string, number>();

  const lookup = (contentId: string) => local.get(contentId) ?? deps.known.get(contentId);
  const storyText = (item: { title: string; summary?: string }) => `${item.title} ${item.summary ?? ''}`;

  async function ingestOne(source: SourceContext, raw: RawItem): Promise<ItemOutcome> {
    const at = now();
    const normalized = normalizeItem(raw, source, deps.classifier, at);
    if (!normalized.ok) return { status: 'rejected', error: normalized.error };
    const contentId = contentIdFor(normalized.value.url);
    const previous = lookup(contentId);
    const pushed = source.via === 'push';

    // Editors may restore a taken-down item or take over a feed's copy; feeds may not.
    if (previous?.state === 'removed' && !pushed) {
      return { status: 'rejected', contentId, error: aggregatorError('item_removed', `${contentId} was taken down`) };
    }
    const live = previous?.state === 'live' ? previous.item : undefined;
    if (live && !pushed && live.source.sourceId !== source.sourceId) {
      return { status: 'duplicate', contentId, ownerSourceId: live.source.sourceId };
    }

    const fields = keepDateOfUndatedItem(normalized.value, raw, live);
    const storyId = live?.storyId ?? stories.assign(contentId, storyText(fields));
    if (live && sameRevision(live, fields, storyId)) return { status: 'unchanged', contentId, storyId };

    const item: ContentItem = {
      eventId: newEventId(),
      occurredAt: Math.min(at, raw.updatedAt ?? fields.publishedAt),
      receivedAt: at,
      contentId,
      storyId,
      ...fields,
    };
    const problems = contentItemProblems(item);
    if (problems.length > 0) {
      if (!live) stories.remove(contentId);
      return { status: 'rejected', contentId, error: aggregatorError('item_invalid', `${contentId}: ${problems.join('; ')}`) };
    }

    // Claimed before the await, so a concurrent poll of another feed sees the owner.
    local.set(contentId, { state: 'live', item });
    try {
      await deps.sink.publish(item);
    } catch (cause) {
      if (previous) local.set(contentId, previous);
      else local.delete(contentId);
      if (!live) stories.remove(contentId);
      return { status: 'failed', contentId, error: aggregatorError('publish_failed', `publishing ${contentId} failed: ${messageOf(cause)}`, { retriable: true, cause }) };
    }
    expiries.set(contentId, item.expiresAt);
    return { status: 'published', contentId, storyId };
  }

  async function remove(contentId: string, reason: 'takedown' | 'expired'): Promise<void> {
    await deps.sink.publishTombstone(contentId, reason);
    if (reason === 'takedown') local.set(contentId, { state: 'removed' });
    else local.delete(contentId);
    stories.remove(contentId);
    expiries.delete(contentId);
  }

  return {
    /** Rebuilds story grouping and expiry tracking from what content.v1 holds (call once at start). */
    restore(): number {
      let count = 0;
      for (const item of deps.known.live()) {
        stories.restore(item.contentId, item.storyId, storyText(item));
        expiries.set(item.contentId, item.expiresAt);
        count++;
      }
      return count;
    },

    ingestOne,

    /** One feed's items, in order; stops at the first failed publish so the poll is retried. */
    async ingestBatch(source: SourceContext, items: readonly RawItem[]): Promise<BatchReport> {
      let published = 0, unchanged = 0, duplicates = 0;
      const rejected: AggregatorError[] = [];
      for (const raw of items) {
        const outcome = await ingestOne(source, raw);
        if (outcome.status === 'failed') return { published, unchanged, duplicates, rejected, error: outcome.error };
        if (outcome.status === 'published') published++;
        else if (outcome.status === 'unchanged') unchanged++;
        else if (outcome.status === 'duplicate') duplicates++;
        else if (outcome.status === 'rejected') rejected.push(outcome.error);
      }
      return { published, unchanged, duplicates, rejected };
    },

    /** Takes an item down everywhere: a tombstone on content.v1. */
    async takedown(contentId: string): Promise<{ status: 'removed' | 'already_removed' } | { status: 'not_found' }> {
      const entry = lookup(contentId);
      if (!entry) return { status: 'not_found' };
      if (entry.state === 'removed') return { status: 'already_removed' };
      await remove(contentId, 'takedown');
      return { status: 'removed' };
    },

    /** Tombstones every item whose expiry has passed; returns their ids. */
    async sweepExpired(): Promise<string[]> {
      const at = now();
      const due = [...expiries].filter(([, expiresAt]) => expiresAt <= at).map(([id]) => id);
      for (const contentId of due) {
        if (lookup(contentId)?.state === 'live') await remove(contentId, 'expired');
        else expiries.delete(contentId);
      }
      return due;
    },

    stories,
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

// An item without any date gets "now" from normalization on every poll; keeping the date it was
// first published with stops that from looking like a new revision each time.
function keepDateOfUndatedItem(fields: NormalizedItem, raw: RawItem, live: ContentItem | undefined): NormalizedItem {
  if (!live || raw.publishedAt !== undefined || raw.updatedAt !== undefined) return fields;
  const lifetime = fields.expiresAt - fields.publishedAt;
  return { ...fields, publishedAt: live.publishedAt, expiresAt: raw.expiresAt ?? live.publishedAt + lifetime };
}

// Compares what a consumer would see; eventId and the timestamps of the revision are not content.
function sameRevision(live: ContentItem, next: NormalizedItem, storyId: string): boolean {
  const { eventId: _e, occurredAt: _o, receivedAt: _r, contentId: _c, storyId: liveStory, ...liveFields } = live;
  return liveStory === storyId && stableJson(liveFields) === stableJson(next);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v);
}
