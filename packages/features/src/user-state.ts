// Online user state: what one user's own events say about them, kept per user by the recommender
// (in Redis) and rebuilt from the archive by the trainer, with the same function, so both compute
// the same features from the same events.
// - affinities: exponentially decayed engagement per category and per source. Scores are stored as
//   of `affinityAt`, the newest time of an event that carried weight: impressions and scrolls (most
//   events) leave them untouched, and features only read shares (score over the sum), which decay
//   does not change. An event older than `affinityAt` is added pre-decayed, so the state does not
//   depend on the order events arrive in (only on the set of events).
// - history: the latest engagements, newest first (co-visitation features and candidates).
// - seen: when each item was last shown (7 days); hidden: dismissed items and stories (7 days).

export type EngagementType = 'impression' | 'click' | 'watch' | 'scroll' | 'like' | 'share' | 'dismiss';

export interface HistoryEntry {
  readonly contentId: string;
  readonly type: EngagementType;
  readonly at: number;
}

export interface UserState {
  /** Newest event time applied. */
  at: number;
  /**
   * Time the affinity scores are decayed to. Absent in states written before it existed, whose
   * scores were kept decayed to `at`; the next event sets it.
   */
  affinityAt?: number;
  categories: Record<string, number>;
  sources: Record<string, number>;
  history: HistoryEntry[];
  engagements: number;
  seen: Record<string, number>;
  hidden: Record<string, number>;
}

export interface UserEvent {
  readonly contentId: string;
  readonly type: EngagementType;
  /** Event time, ms. */
  readonly at: number;
  readonly categories: readonly string[];
  readonly sourceId?: string | undefined;
  readonly storyId?: string | undefined;
}

/** How much each interaction says about interest; impressions and scrolls say nothing by themselves. */
export const ENGAGEMENT_WEIGHT: Readonly<Record<EngagementType, number>> = {
  impression: 0, scroll: 0, click: 1, watch: 1, like: 2, share: 3, dismiss: -2,
};

export const HISTORY_LIMIT = 100;
export const AFFINITY_KEYS_LIMIT = 64;
export const SEEN_MS = 7 * 24 * 3_600_000;

export function isEngagement(type: EngagementType): boolean {
  return ENGAGEMENT_WEIGHT[type] > 0;
}

export function emptyUserState(): UserState {
  return { at: 0, affinityAt: 0, categories: {}, sources: {}, history: [], engagements: 0, seen: {}, hidden: {} };
}

export function storyKey(storyId: string): string {
  return `story:${storyId}`;
}

// Keeps the `limit` entries with the largest magnitude; ties by key, so the result is deterministic.
function prune(scores: Record<string, number>, limit: number): Record<string, number> {
  const keys = Object.keys(scores);
  if (keys.length <= limit) return scores;
  keys.sort((a, b) => Math.abs(scores[b]!) - Math.abs(scores[a]!) || (a < b ? -1 : 1));
  return Object.fromEntries(keys.slice(0, limit).map((k) => [k, scores[k]!]));
}

function decayAll(scores: Record<string, number>, factor: number): void {
  for (const key of Object.keys(scores)) scores[key] = scores[key]! * factor;
}

/** Applies one event in place and returns the state. `halfLifeMs` is the affinity half-life. */
export function applyUserEvent(state: UserState, event: UserEvent, halfLifeMs: number): UserState {
  const weight = ENGAGEMENT_WEIGHT[event.type];
  state.affinityAt ??= state.at;
  if (event.at > state.at) state.at = event.at;
  if (weight !== 0) {
    let effective = weight;
    if (event.at > state.affinityAt) {
      if (state.affinityAt > 0) {
        const factor = Math.pow(0.5, (event.at - state.affinityAt) / halfLifeMs);
        decayAll(state.categories, factor);
        decayAll(state.sources, factor);
      }
      state.affinityAt = event.at;
    } else {
      effective = weight * Math.pow(0.5, (state.affinityAt - event.at) / halfLifeMs);
    }
    const share = event.categories.length > 0 ? effective / event.categories.length : 0;
    for (const category of event.categories) state.categories[category] = (state.categories[category] ?? 0) + share;
    if (event.sourceId) state.sources[event.sourceId] = (state.sources[event.sourceId] ?? 0) + effective;
    state.categories = prune(state.categories, AFFINITY_KEYS_LIMIT);
    state.sources = prune(state.sources, AFFINITY_KEYS_LIMIT);
  }
  if (isEngagement(event.type)) {
    state.engagements += 1;
    const entry: HistoryEntry = { contentId: event.contentId, type: event.type, at: event.at };
    // Newest first by event time; a late event slots in where it belongs.
    let i = 0;
    while (i < state.history.length && state.history[i]!.at > event.at) i += 1;
    state.history.splice(i, 0, entry);
    if (state.history.length > HISTORY_LIMIT) state.history.length = HISTORY_LIMIT;
  }
  if (event.type === 'impression') remember(state.seen, event.contentId, Math.max(state.seen[event.contentId] ?? 0, event.at));
  if (event.type === 'dismiss') {
    remember(state.hidden, event.contentId, event.at);
    if (event.storyId) remember(state.hidden, storyKey(event.storyId), event.at);
  }
  expire(state.seen, state.at - SEEN_MS);
  expire(state.hidden, state.at - SEEN_MS);
  return state;
}

// Expiry of `seen` and `hidden`, amortized: beside each record (a WeakMap, so the state itself
// stays plain JSON for Redis) a queue of its times in increasing order. An event pops only the
// entries that fell out of the 7 days, instead of scanning every key; the record's contents are
// exactly what a full scan would leave. The queue is built from the record the first time it is
// needed (a state loaded from Redis is a new object) and an entry whose key has since moved to a
// later time is skipped when popped (that later time has its own entry).
interface ExpiryQueue {
  times: number[];
  keys: string[];
  head: number;
}

const queues = new WeakMap<Record<string, number>, ExpiryQueue>();

function queueOf(record: Record<string, number>): ExpiryQueue {
  let q = queues.get(record);
  if (!q) {
    const entries = Object.entries(record).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    q = { times: entries.map((e) => e[1]), keys: entries.map((e) => e[0]), head: 0 };
    queues.set(record, q);
  }
  return q;
}

/** Sets record[key] = at and remembers when it expires. */
function remember(record: Record<string, number>, key: string, at: number): void {
  const q = queueOf(record);
  record[key] = at;
  const { times, keys } = q;
  if (times.length === q.head || times[times.length - 1]! <= at) {
    times.push(at);
    keys.push(key);
    return;
  }
  // A late event: slot it in by time (rare; events mostly arrive in time order).
  let lo = q.head;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  times.splice(lo, 0, at);
  keys.splice(lo, 0, key);
}

function expire(record: Record<string, number>, before: number): void {
  const q = queueOf(record);
  const { times, keys } = q;
  while (q.head < times.length && times[q.head]! < before) {
    const key = keys[q.head]!;
    if (record[key] !== undefined && record[key]! < before) delete record[key];
    q.head += 1;
  }
  if (q.head > 1024 && q.head * 2 > times.length) {
    times.splice(0, q.head);
    keys.splice(0, q.head);
    q.head = 0;
  }
}

/** Affinity shares: each score over the sum of magnitudes (0 when the user has none). */
export function shares(scores: Record<string, number>): Map<string, number> {
  let total = 0;
  for (const v of Object.values(scores)) total += Math.abs(v);
  const out = new Map<string, number>();
  if (total === 0) return out;
  for (const [k, v] of Object.entries(scores)) out.set(k, v / total);
  return out;
}
