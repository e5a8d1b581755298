// One feed for one user: who they are (profile, online state, activity), what could be shown
// (candidate lists, merged by the ranking package), what may not (hidden items and stories,
// expired or taken-down items, other languages, other regions), how each candidate scores (the
// model arm: feature rows from packages/features scored by the current ONNX model; the control
// arm, or no model yet: windowed popularity), and the arranged cards (one per story, category
// cap, one exploration slot). Only active users (a beacon within the activity window) get one.
import { parseSegmentId } from '@tessera/contracts/redis/segment';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { Card, CardReason, Feed, FeedTrigger } from '@tessera/contracts/schemas/feed';
import type { UserProfile } from '@tessera/contracts/schemas/user-profile';
import { momentAt, viewerOf } from '@tessera/features/context';
import type { Viewer } from '@tessera/features/context';
import type { FeatureSet } from '@tessera/features/feature-set';
import { itemFromContent } from '@tessera/features/item';
import type { ItemCounts } from '@tessera/features/popularity';
import { emptyUserState, shares, storyKey } from '@tessera/features/user-state';
import type { UserState } from '@tessera/features/user-state';
import { userSignals, vectorize } from '@tessera/features/vectorize';
import type { Rows, UserSignals } from '@tessera/features/vectorize';
import { gatherCandidates } from '@tessera/ranking/candidates/gather';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import type { ItemReader } from '../content/items.js';
import type { ModelHolder } from '../models/model-holder.js';
import { arrangeFeed } from './arrange.js';
import type { ScoredCandidate } from './arrange.js';
import { armOf } from './arms.js';
import type { Arm } from './arms.js';
import { candidateLists } from './candidate-lists.js';
import { isForgotten } from '@tessera/users-table/reader';

export interface FeedSettings {
  readonly size: number;
  readonly perCategory: number;
  readonly explorationSlot: number | undefined;
  readonly modelPercent: number;
  readonly maxCandidates: number;
  readonly activeWindowMs: number;
}

export interface FeedDeps {
  readonly redis: Redis;
  readonly items: ItemReader;
  readonly counts: (contentIds: readonly string[], now: number) => Promise<Map<string, ItemCounts>>;
  readonly model: Pick<ModelHolder, 'current' | 'score'>;
  readonly featureSet: FeatureSet;
  readonly settings: FeedSettings;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface FeedRequest {
  readonly userId: string;
  readonly trigger: FeedTrigger;
  readonly triggerEventId?: string | undefined;
  /** Event time of the triggering event. */
  readonly triggeredAt?: number | undefined;
  /** A breaking item to consider first. */
  readonly breaking?: string | undefined;
}

export type FeedOutcome =
  | { readonly kind: 'computed'; readonly feed: Feed; readonly candidates: number; readonly scoringMs: number; readonly arm: Arm }
  | { readonly kind: 'skipped'; readonly reason: 'inactive' | 'forgotten' };

/** The control arm's model reference (Feed.model is required). */
export const POPULARITY_MODEL = { name: 'popularity', version: 'window-1h' } as const;

const CONTENT_FIELDS = ['kind', 'url', 'title', 'summary', 'imageUrl', 'languages', 'publishedAt', 'expiresAt', 'priority'] as const;

function cardContent(item: ContentItem): Card['content'] {
  const out: Record<string, unknown> = {};
  for (const f of CONTENT_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as Card['content'];
}

function eligible(item: ContentItem, now: number, languages: readonly string[], country: string | undefined, hidden: Record<string, number>): boolean {
  if (item.expiresAt <= now) return false;
  if (hidden[item.contentId] !== undefined || hidden[storyKey(item.storyId)] !== undefined) return false;
  if (languages.length > 0 && !item.languages.some((l) => languages.includes(l))) return false;
  if (country !== undefined && item.regions.length > 0 && !item.regions.includes(country)) return false;
  return true;
}

interface UserContext {
  readonly state: UserState;
  readonly viewer: Viewer;
  readonly signals: UserSignals;
  readonly lastSeenAt: number | undefined;
  readonly forgotten: boolean;
}

/** Everything about the user a feed needs, in one Redis round trip. */
async function readUser(redis: Redis, userId: string): Promise<UserContext> {
  const read = redis.pipeline();
  read.hmget(redisKeys.userActive(userId), 'lastSeenAt', 'segment');
  read.hget(redisKeys.userProfile(userId), 'value');
  read.hget(redisKeys.userState(userId), 'state');
  read.exists(redisKeys.userForgotten(userId));
  const [active, profileJson, stateJson, forgotten] = ((await read.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const [lastSeenAt, segment] = (active ?? [null, null]) as [string | null, string | null];
  const profile = profileJson ? (JSON.parse(profileJson as string) as UserProfile) : undefined;
  const state: UserState = stateJson ? (JSON.parse(stateJson as string) as UserState) : emptyUserState();
  const seg = segment ? parseSegmentId(segment) : undefined;
  const device = seg?.ok ? { locale: seg.value.language, ...(seg.value.country ? { country: seg.value.country } : {}) } : {};
  return {
    state,
    viewer: viewerOf(profile, device),
    signals: userSignals(state),
    lastSeenAt: lastSeenAt === null ? undefined : Number(lastSeenAt),
    forgotten: isForgotten(forgotten, profile ? 1 : 0),
  };
}

/**
 * The model's input rows for a user and items at `now`, exactly as a feed computes them (the
 * parity test holds these against the trainer's replay). Unknown items are left out.
 */
export async function userFeatureRows(deps: FeedDeps, userId: string, contentIds: readonly string[], now: number): Promise<{ contentIds: string[]; rows: Rows }> {
  const user = await readUser(deps.redis, userId);
  const items = await deps.items.get(contentIds);
  const known = contentIds.filter((id) => items.has(id));
  const counts = await deps.counts(known, now);
  const rows = vectorize(deps.featureSet, user.signals, user.viewer, momentAt(now, user.viewer.timeZone),
    known.map((id) => itemFromContent(items.get(id)!)), (id) => counts.get(id)!, deps.model.current()?.covis);
  return { contentIds: known, rows };
}

export async function computeFeed(deps: FeedDeps, request: FeedRequest): Promise<FeedOutcome> {
  const now = (deps.now ?? Date.now)();
  const { userId } = request;
  const { state, viewer, signals, lastSeenAt, forgotten } = await readUser(deps.redis, userId);
  if (forgotten) return { kind: 'skipped', reason: 'forgotten' };
  if (lastSeenAt === undefined || lastSeenAt < now - deps.settings.activeWindowMs) return { kind: 'skipped', reason: 'inactive' };
  const serving = deps.model.current();
  const topCategories = [...shares(state.categories)].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c]) => c);

  const lists = await candidateLists(deps.redis, {
    languages: viewer.languages, country: viewer.country, categories: topCategories, interests: viewer.interests.slice(0, 3),
    recent: signals.recent, covis: serving?.covis, breaking: request.breaking, now,
  });
  const gathered = gatherCandidates(lists, deps.settings.maxCandidates, (id) => state.hidden[id] !== undefined);
  const items = await deps.items.get(gathered.map((c) => c.contentId));
  const candidates = gathered.filter((c) => {
    const item = items.get(c.contentId);
    return item !== undefined && eligible(item, now, viewer.languages, viewer.country, state.hidden);
  });
  const counts = await deps.counts(candidates.map((c) => c.contentId), now);

  const arm = armOf(userId, deps.settings.modelPercent);
  const started = performance.now();
  let scores: Float32Array;
  let model: { name: string; version: string } = POPULARITY_MODEL;
  if (arm === 'model' && serving && candidates.length > 0) {
    const infos = candidates.map((c) => itemFromContent(items.get(c.contentId)!));
    const moment = momentAt(now, viewer.timeZone);
    const countsOf = (id: string) => counts.get(id)!;
    let scored = await deps.model.score(vectorize(deps.featureSet, signals, viewer, moment, infos, countsOf, serving.covis));
    // A swap between reading the index and scoring: features must come from the scoring model's index.
    const latest = deps.model.current();
    if (latest && scored.version !== serving.version && latest.version === scored.version) {
      scored = await deps.model.score(vectorize(deps.featureSet, signals, viewer, moment, infos, countsOf, latest.covis));
    }
    scores = scored.scores;
    model = { name: serving.name, version: scored.version };
  } else {
    const long = candidates.map((c) => counts.get(c.contentId)?.engagements[2] ?? 0);
    const mid = candidates.map((c) => counts.get(c.contentId)?.engagements[1] ?? 0);
    const top = Math.max(0, ...long) + 1;
    // Volume in the last hour; the last 5 minutes break ties.
    scores = Float32Array.from(long.map((l, i) => (l + mid[i]! / (top * 10)) / top));
  }
  const scoringMs = performance.now() - started;

  const arranged = arrangeFeed(candidates.map((c, i): ScoredCandidate => {
    const item = items.get(c.contentId)!;
    return {
      contentId: c.contentId, storyId: item.storyId, mainCategory: item.categories[0], score: scores[i]!, reasons: c.reasons,
      seen: state.seen[c.contentId] !== undefined,
    };
  }), { size: deps.settings.size, perCategory: deps.settings.perCategory, explorationSlot: deps.settings.explorationSlot, random: deps.random ?? Math.random });

  const cards: Card[] = arranged.map((a, position) => {
    const item = items.get(a.candidate.contentId)!;
    const reasons = a.reasons as CardReason[];
    const relatedTo = reasons.includes('related') && serving?.covis ? strongestRelation(serving.covis, signals.recent, item.contentId) : undefined;
    return {
      contentId: item.contentId,
      position,
      score: Math.min(1, Math.max(0, a.candidate.score)),
      reasons,
      sourceName: item.source.name,
      content: cardContent(item),
      ...(relatedTo ? { relatedTo } : {}),
      ...(a.propensity !== undefined ? { propensity: a.propensity } : {}),
    };
  });
  const feed: Feed = {
    eventId: uuidv7(),
    feedId: uuidv7(),
    occurredAt: now,
    userId,
    model,
    trigger: request.trigger,
    ...(request.triggerEventId ? { triggerEventId: request.triggerEventId } : {}),
    ...(request.triggeredAt !== undefined ? { triggeredAt: request.triggeredAt } : {}),
    arm,
    cards,
  };
  return { kind: 'computed', feed, candidates: candidates.length, scoringMs, arm };
}

function strongestRelation(covis: { similarity(a: string, b: string): number }, recent: readonly (readonly [string, number])[], contentId: string): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const [other, weight] of recent) {
    const s = weight * covis.similarity(other, contentId);
    if (s > bestScore) {
      bestScore = s;
      best = other;
    }
  }
  return best;
}
