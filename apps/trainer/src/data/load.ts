// Reads what the trainer learns from out of the archive, for one event-time window: the enriched
// interactions (impressions, clicks, likes, shares, dismissals, with the user's profile
// attributes), the content items they name, and the feeds that showed them. Records are
// validated against the contracts (a line the archiver kept raw, or one that no longer matches,
// is counted and skipped), deduplicated by eventId, interned into compact rows (a million
// interactions fit in memory without a copy of the profile per row) and sorted by event time.
import { readArchive } from '@tessera/archive/reader';
import type { ReadProblem } from '@tessera/archive/reader';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { UserAttributes } from '@tessera/contracts/schemas/user-profile';
import { validators } from '@tessera/contracts/validation';
import { itemFromContent } from '@tessera/features/item';
import type { ItemInfo } from '@tessera/features/item';
import { eventTime } from '@tessera/features/popularity';
import type { EngagementType } from '@tessera/features/user-state';
import type { TopicNames } from '@tessera/streams/topic-names';

export interface CompactInteraction {
  /** Event time: occurredAt clamped to receivedAt (features' eventTime). */
  readonly at: number;
  readonly receivedAt: number;
  readonly user: number;
  readonly item: number;
  readonly type: EngagementType;
}

export interface TrainingData {
  /** Sorted by event time (ties: receive time, then eventId). */
  readonly events: CompactInteraction[];
  readonly userIds: string[];
  /** The latest profile attributes seen for each user (absent = unknown user). */
  readonly userAttributes: (UserAttributes | undefined)[];
  readonly itemIds: string[];
  /** Item attributes by index; items missing from content.v1 have only their id. */
  readonly items: ItemInfo[];
  /** Feeds served in the window, per model version that ranked them ("name@version"). */
  readonly feedsByModel: Map<string, number>;
  readonly stats: LoadStats;
}

export interface LoadStats {
  objects: number;
  lines: number;
  corruptObjects: number;
  skippedLines: number;
  /** Lines that are archive lines but not a valid event of the topic (raw-archived, refused, tombstones). */
  invalid: number;
  duplicates: number;
}

export interface LoadOptions {
  readonly store: Pick<ObjectStore, 'list' | 'get'>;
  readonly prefix: string;
  readonly names: TopicNames;
  readonly fromMs: number;
  readonly toMs: number;
  /** How far before the window content items are read (items shown in the window were published earlier). */
  readonly contentLookbackMs: number;
  readonly onProblem?: (problem: ReadProblem) => void;
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

export async function loadTrainingData(options: LoadOptions): Promise<TrainingData> {
  const stats: LoadStats = { objects: 0, lines: 0, corruptObjects: 0, skippedLines: 0, invalid: 0, duplicates: 0 };
  // One reader per topic, iterated directly (an async generator around it would add a promise per line).
  const open = (topic: 'interactions.enriched.v1' | 'content.v1' | 'recommendations.v2', fromMs: number) => readArchive({
    store: options.store, prefix: options.prefix, topic: options.names.physical(topic), fromMs, toMs: options.toMs,
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
  });
  const done = (reader: ReturnType<typeof readArchive>) => {
    const s = reader.stats();
    stats.objects += s.objects;
    stats.lines += s.lines;
    stats.corruptObjects += s.corruptObjects;
    stats.skippedLines += s.skippedLines;
  };
  const tick = (topic: string, n: number) => {
    if (n % 50_000 === 0) options.onProgress?.(`reading ${topic}`, n, n);
  };

  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  const intern = (contentId: string) => {
    let i = itemIndex.get(contentId);
    if (i === undefined) {
      i = itemIds.push(contentId) - 1;
      itemIndex.set(contentId, i);
    }
    return i;
  };

  // Content: the latest revision of each item (by its own occurredAt).
  const content = new Map<string, ContentItem>();
  const contentReader = open('content.v1', options.fromMs - options.contentLookbackMs);
  for await (const line of contentReader) {
    if (line.value === null) continue; // takedown: nothing to learn about the item's attributes
    if (!validators.ContentItem.check(line.value)) {
      stats.invalid += 1;
      continue;
    }
    const item = line.value as ContentItem;
    const known = content.get(item.contentId);
    if (!known || known.occurredAt <= item.occurredAt) content.set(item.contentId, item);
  }
  done(contentReader);

  const userIndex = new Map<string, number>();
  const userIds: string[] = [];
  const userAttributes: (UserAttributes | undefined)[] = [];
  const latestProfileAt: number[] = [];
  const seen = new Set<string>();
  const rows: (CompactInteraction & { receivedAt: number; eventId: string })[] = [];
  const interactionReader = open('interactions.enriched.v1', options.fromMs);
  let n = 0;
  for await (const line of interactionReader) {
    tick('interactions.enriched.v1', (n += 1));
    if (!line.value || !validators.EnrichedInteraction.check(line.value)) {
      stats.invalid += 1;
      continue;
    }
    const event = line.value as EnrichedInteraction;
    if (seen.has(event.eventId)) {
      stats.duplicates += 1;
      continue;
    }
    seen.add(event.eventId);
    let user = userIndex.get(event.userId);
    if (user === undefined) {
      user = userIds.push(event.userId) - 1;
      userIndex.set(event.userId, user);
      latestProfileAt.push(-1);
    }
    if (event.user && event.enrichedAt >= latestProfileAt[user]!) {
      userAttributes[user] = event.user;
      latestProfileAt[user] = event.enrichedAt;
    }
    rows.push({ at: eventTime(event.occurredAt, event.receivedAt), user, item: intern(event.contentId), type: event.type, receivedAt: event.receivedAt, eventId: event.eventId });
  }
  done(interactionReader);
  rows.sort((a, b) => a.at - b.at || a.receivedAt - b.receivedAt || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));

  const feedsByModel = new Map<string, number>();
  const feedReader = open('recommendations.v2', options.fromMs);
  for await (const line of feedReader) {
    if (line.value && validators.Feed.check(line.value)) {
      const feed = line.value as Feed;
      const model = `${feed.model.name}@${feed.model.version}`;
      feedsByModel.set(model, (feedsByModel.get(model) ?? 0) + 1);
    } else {
      stats.invalid += 1;
    }
  }
  done(feedReader);

  const items = itemIds.map((contentId) => {
    const item = content.get(contentId);
    return item ? itemFromContent(item) : { contentId, categories: [] };
  });
  return {
    events: rows.map(({ at, receivedAt, user, item, type }) => ({ at, receivedAt, user, item, type })),
    userIds, userAttributes, itemIds, items, feedsByModel, stats,
  };
}
