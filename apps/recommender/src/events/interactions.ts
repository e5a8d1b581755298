// What one batch of enriched interactions (one partition, in offset order) does:
//   1. drops what was already applied: events at or below the user's watermark for the partition
//      (a Kafka replay) and eventIds the user's recent-events list already holds (an upstream
//      replay re-published under a new offset), and duplicates inside the batch;
//   2. adds the new events within the grace period to the item and segment buckets (exactly once:
//      the scripts skip offsets they applied before; late ones beyond grace are only counted);
//   3. applies them to each user's online state and writes it back with the new watermark and
//      eventIds (compare-and-set; a conflicting write from a rebalanced member is re-read);
//   4. asks for a feed for every user with a new event (the scheduler coalesces and skips inactive users).
// Aggregates go before states: after a crash between the two, the replay finds the events new for
// the state and already applied for the buckets, so each lands exactly once in both.
import { segmentId } from '@tessera/contracts/redis/segment';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { FeatureSet } from '@tessera/features/feature-set';
import { applyUserEvent } from '@tessera/features/user-state';
import type { UserState } from '@tessera/features/user-state';
import type { AggregateEvent, AggregateStore } from '../aggregates/store.js';
import { metricsOf } from '../aggregates/buckets.js';
import { eventTime, withinGrace } from '@tessera/features/popularity';
import type { ItemReader } from '../content/items.js';
import type { FeedRequest } from '../feeds/compute.js';
import type { RecommenderMetrics } from '../metrics.js';
import type { UserStore } from '../state/user-store.js';
import { watermarkField } from '../state/user-store.js';

export interface InteractionDeps {
  readonly aggregates: Pick<AggregateStore, 'add'>;
  readonly users: UserStore;
  readonly items: ItemReader;
  readonly featureSet: FeatureSet;
  readonly requestFeed: (request: FeedRequest) => Promise<void>;
  readonly metrics: RecommenderMetrics;
}

export interface InteractionRecord {
  readonly offset: string;
  readonly value: EnrichedInteraction;
}

/** Segments an interaction counts in: the user's language and country, all categories and the item's main one. */
export function segmentsOf(event: EnrichedInteraction, item: ContentItem | undefined): string[] {
  const language = event.user?.languages[0] ?? 'und';
  const country = event.user?.country;
  const all = segmentId({ language, country });
  const main = item?.categories[0];
  return main ? [all, segmentId({ language, country, category: main })] : [all];
}

const MAX_ATTEMPTS = 5;

export async function handleInteractions(deps: InteractionDeps, topic: string, partition: number, records: readonly InteractionRecord[]): Promise<void> {
  const field = watermarkField(topic, partition);
  const byUser = new Map<string, InteractionRecord[]>();
  for (const r of records) {
    const list = byUser.get(r.value.userId);
    if (list) list.push(r);
    else byUser.set(r.value.userId, [r]);
  }
  const items = await deps.items.get([...new Set(records.map((r) => r.value.contentId))]);
  const triggers: FeedRequest[] = [];
  let pending = [...byUser.keys()];
  let aggregated = false;

  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt >= MAX_ATTEMPTS) throw Object.assign(new Error(`user state kept changing under this consumer for ${pending.length} users`), { retriable: true });
    const loaded = await deps.users.load(pending, field);
    const fresh = new Map<string, InteractionRecord[]>();
    for (const userId of pending) {
      const user = loaded.get(userId)!;
      const watermark = user.watermark === null ? -1n : BigInt(user.watermark);
      const known = new Set(user.events);
      const list: InteractionRecord[] = [];
      for (const r of byUser.get(userId)!) {
        if (BigInt(r.offset) <= watermark) continue;
        if (known.has(r.value.eventId)) {
          deps.metrics.duplicates.inc();
          continue;
        }
        known.add(r.value.eventId);
        list.push(r);
      }
      fresh.set(userId, list);
    }

    if (!aggregated) {
      // Aggregates are guarded by their own offsets: adding every new-looking event is safe, and
      // only the first attempt needs to (later attempts re-read states, not buckets).
      const events: AggregateEvent[] = [];
      for (const list of fresh.values()) {
        for (const r of list) {
          const v = r.value;
          const at = eventTime(v.occurredAt, v.receivedAt);
          const metrics = metricsOf(v.type);
          if (metrics.length === 0) continue;
          if (!withinGrace(at, v.receivedAt, deps.featureSet.graceMs)) {
            deps.metrics.lateEvents.inc({ disposition: 'beyond_grace' });
            continue;
          }
          if (at < v.receivedAt - 10_000) deps.metrics.lateEvents.inc({ disposition: 'within_grace' });
          events.push({ offset: r.offset, at, contentId: v.contentId, metrics, segments: segmentsOf(v, items.get(v.contentId)) });
        }
      }
      events.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
      if (events.length > 0) {
        const { applied } = await deps.aggregates.add(topic, partition, events);
        deps.metrics.aggregated.inc(applied);
        const latest = events.reduce((m, e) => Math.max(m, e.at), 0);
        deps.metrics.windowLag.set({ partition: String(partition) }, Math.max(0, Date.now() - latest) / 1000);
      }
      aggregated = true;
    }

    const saves = [];
    for (const [userId, list] of fresh) {
      const user = loaded.get(userId)!;
      if (list.length === 0 || user.forgotten) continue;
      const state: UserState = user.state;
      for (const r of list) {
        const v = r.value;
        const item = items.get(v.contentId);
        applyUserEvent(state, {
          contentId: v.contentId, type: v.type, at: eventTime(v.occurredAt, v.receivedAt),
          categories: item?.categories ?? [], sourceId: item?.source.sourceId, storyId: item?.storyId,
        }, deps.featureSet.affinityHalfLifeMs);
      }
      saves.push({
        userId, state, expected: user.watermark, watermark: list[list.length - 1]!.offset,
        events: [...user.events, ...list.map((r) => r.value.eventId)],
      });
    }
    const conflicts = new Set(await deps.users.save(saves, field));
    for (const s of saves) {
      if (conflicts.has(s.userId)) continue;
      const last = fresh.get(s.userId)!.at(-1)!.value;
      triggers.push({ userId: s.userId, trigger: 'interaction', triggerEventId: last.eventId, triggeredAt: eventTime(last.occurredAt, last.receivedAt) });
    }
    pending = [...conflicts];
  }
  deps.metrics.interactions.inc(records.length);
  await Promise.all(triggers.map((t) => deps.requestFeed(t)));
}
