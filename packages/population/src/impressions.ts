// A simulated lock-screen log with its ground truth: users (by activity) unlock their phones over
// a span of time and see one card each time, chosen at random among the cards showable then
// (mostly in their languages: the random policy real systems keep a slice of traffic on, so the
// log covers preferences without a ranker's bias). Each impression's true click probability is
// returned with it, so a trained model can be compared with the Bayes-optimal scorer.
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { InteractionType } from '@tessera/contracts/schemas/interaction';
import { mulberry32 } from '@tessera/ranking/random';
import type { CatalogueItem } from './catalogue.js';
import { clickProbability, drawOutcome } from './click-model.js';
import { seededUuid } from './ids.js';
import type { SimUser } from './users.js';

export interface SimulatedLog {
  /** Sorted by occurredAt. */
  readonly events: EnrichedInteraction[];
  /** Impression eventId -> true click probability. */
  readonly truth: Map<string, number>;
}

export interface ImpressionOptions {
  readonly users: readonly SimUser[];
  readonly catalogue: readonly CatalogueItem[];
  readonly impressions: number;
  readonly startMs: number;
  readonly spanMs: number;
  readonly seed: number;
  /** Share of cards drawn from every showable card rather than the user's languages. */
  readonly anyLanguage?: number;
}

export function simulateImpressions(options: ImpressionOptions): SimulatedLog {
  const random = mulberry32(options.seed ^ 0x2545f491);
  const byTime = [...options.catalogue].sort((a, b) => a.item.publishedAt - b.item.publishedAt);
  const published = byTime.map((c) => c.item.publishedAt);
  const activity = options.users.map((u) => u.hidden.activity);
  const cumulative = activity.map(((s) => (a: number) => (s += a))(0));
  const total = cumulative[cumulative.length - 1] ?? 0;
  const events: EnrichedInteraction[] = [];
  const truth = new Map<string, number>();
  const anyLanguage = options.anyLanguage ?? 0.2;

  const upper = (at: number) => {
    let lo = 0;
    let hi = published.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (published[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  for (let n = 0; n < options.impressions; n += 1) {
    const at = Math.floor(options.startMs + (options.spanMs * n) / options.impressions + random() * 1000);
    const x = random() * total;
    let ui = 0;
    while (cumulative[ui]! < x) ui += 1;
    const user = options.users[ui]!;
    const hi = upper(at);
    let pick: CatalogueItem | undefined;
    for (let attempt = 0; attempt < 20 && hi > 0; attempt += 1) {
      const c = byTime[Math.floor(random() * hi)]!;
      if (c.item.expiresAt <= at) continue;
      if (random() >= anyLanguage && !c.item.languages.some((l) => user.profile.languages.includes(l))) continue;
      pick = c;
      break;
    }
    if (!pick) continue;
    const p = clickProbability(user, pick.item, pick.quality, at);
    const outcome = drawOutcome(p, random);
    const feedId = seededUuid(random, at - 500);
    const event = (type: InteractionType, offset: number, extra: Partial<EnrichedInteraction> = {}): EnrichedInteraction => ({
      eventId: seededUuid(random, at + offset),
      occurredAt: at + offset,
      receivedAt: at + offset + 150,
      userId: user.userId,
      deviceId: user.deviceId,
      type,
      contentId: pick!.item.contentId,
      feedId,
      position: 0,
      surface: 'lock_screen',
      enrichedAt: at + offset + 160,
      user: user.profile,
      ...extra,
    });
    const impression = event('impression', 0, { onScreenMs: outcome.onScreenMs });
    truth.set(impression.eventId, p);
    events.push(impression);
    if (outcome.click) events.push(event('click', outcome.onScreenMs));
    if (outcome.like) events.push(event('like', outcome.onScreenMs + 2000));
    if (outcome.share) events.push(event('share', outcome.onScreenMs + 3000));
    if (outcome.dismiss) events.push(event('dismiss', outcome.onScreenMs));
  }
  events.sort((a, b) => a.occurredAt - b.occurredAt);
  return { events, truth };
}

/** The catalogue's items as content.v1 would carry them. */
export function contentItems(catalogue: readonly CatalogueItem[]): ContentItem[] {
  return catalogue.map((c) => c.item);
}
