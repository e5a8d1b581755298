// A seeded interaction log shaped like public research sets (a few hundred users, ~10k items,
// ~100k interactions, strong popularity skew), with a hidden ground truth to tune on:
// - items: 1–3 of 24 categories, a Zipf base popularity, a release time within the log's span
//   and a lifetime after which interest fades (so recent popularity differs from all-time);
//   a hidden 8-dimensional taste vector;
// - users: 2–4 favourite categories, a hidden taste vector, an activity level (heavy-tailed
//   number of interactions) and an active period; they interact in sessions where the next item
//   is often close in taste to the previous one (so sequences carry signal, as in real logs);
// - each interaction draws candidates from what is popular and fresh at that moment and picks
//   one by the user's hidden preference; nobody interacts with the same item twice.
import { mulberry32 } from '@tessera/ranking/random';

export interface SyntheticOptions {
  readonly users: number;
  readonly items: number;
  readonly interactions: number;
  readonly seed: number;
  readonly categories?: number;
  /** Span of the log, ms. */
  readonly spanMs?: number;
  readonly startMs?: number;
}

export interface SyntheticRow {
  readonly userId: string;
  readonly itemId: string;
  /** Epoch seconds, as in most public logs. */
  readonly timestamp: number;
  readonly categories: readonly string[];
}

const DIM = 8;
const DAY = 86_400_000;
const EPOCHS = 48;
const DRAWS = 60;

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function vector(random: () => number, scale: number): Float64Array {
  return Float64Array.from({ length: DIM }, () => gaussian(random) * scale);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < DIM; i += 1) s += a[i]! * b[i]!;
  return s;
}

/** Cumulative weights for sampling by binary search. */
function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i += 1) {
    s += weights[i]!;
    out[i] = s;
  }
  return out;
}

function sample(cum: Float64Array, random: () => number): number {
  const x = random() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function syntheticLog(options: SyntheticOptions): SyntheticRow[] {
  const random = mulberry32(options.seed);
  const nCategories = options.categories ?? 24;
  const span = options.spanMs ?? 720 * DAY;
  const start = options.startMs ?? Date.UTC(2024, 0, 1);
  const categoryNames = Array.from({ length: nCategories }, (_, i) => `cat-${String(i + 1).padStart(2, '0')}`);

  const items = Array.from({ length: options.items }, (_, i) => {
    const count = 1 + Math.floor(random() * 3);
    const categories = [...new Set(Array.from({ length: count }, () => Math.floor(random() * nCategories)))];
    return {
      id: `i${i + 1}`,
      categories,
      base: 1 / Math.pow(1 + i, 1.05), // Zipf popularity by id rank
      release: start + random() * span * 0.95 - span * 0.15,
      lifetime: (60 + random() * 600) * DAY,
      taste: vector(random, 1),
    };
  });
  // Items by category, for the hidden preference's category term.
  const userCount = options.users;
  const users = Array.from({ length: userCount }, (_, u) => {
    const favourites = new Set<number>();
    const wanted = 2 + Math.floor(random() * 3);
    while (favourites.size < wanted) favourites.add(Math.floor(random() * nCategories));
    const activeFrom = start + random() * span * 0.7;
    return {
      id: `u${u + 1}`,
      favourites,
      taste: vector(random, 0.9),
      activity: Math.pow(random(), 2.2) + 0.02, // heavy tail: a few users do most interactions
      activeFrom,
      activeTo: Math.min(start + span, activeFrom + (60 + random() * 500) * DAY),
    };
  });
  const activityTotal = users.reduce((s, u) => s + u.activity, 0);

  // Popularity × freshness per epoch of the span, so a draw reflects what was current.
  const epochMs = span / EPOCHS;
  const epochTables = Array.from({ length: EPOCHS }, (_, e) => {
    const t = start + (e + 0.5) * epochMs;
    return cumulative(items.map((it) => {
      const age = t - it.release;
      if (age < 0) return 0;
      return it.base * Math.exp(-age / it.lifetime) + it.base * 0.05;
    }));
  });

  const rows: SyntheticRow[] = [];
  for (const user of users) {
    const planned = Math.max(3, Math.round((user.activity / activityTotal) * options.interactions));
    const consumed = new Set<number>();
    let t = user.activeFrom;
    let previous = -1;
    const gap = (user.activeTo - user.activeFrom) / planned;
    for (let attempt = 0; consumed.size < planned && attempt < planned * 5; attempt += 1) {
      // Sessions: mostly short gaps, sometimes a long pause.
      t += random() < 0.8 ? random() * 20 * 60_000 : gap * (1 + 2 * random());
      if (t > start + span) t = start + span - random() * DAY;
      const epoch = Math.min(EPOCHS - 1, Math.max(0, Math.floor((t - start) / epochMs)));
      const table = epochTables[epoch]!;
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let d = 0; d < DRAWS; d += 1) {
        const i = sample(table, random);
        if (consumed.has(i) || items[i]!.release > t) continue;
        const it = items[i]!;
        const category = it.categories.some((c) => user.favourites.has(c)) ? 1.6 : 0;
        const session = previous >= 0 ? 1.5 * dot(it.taste, items[previous]!.taste) / DIM : 0;
        // Gumbel noise turns the max into a softmax draw.
        const score = category + dot(it.taste, user.taste) / Math.sqrt(DIM) + session - Math.log(-Math.log(Math.max(random(), 1e-12)));
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      if (best < 0) continue;
      consumed.add(best);
      previous = best;
      const it = items[best]!;
      rows.push({ userId: user.id, itemId: it.id, timestamp: Math.floor(t / 1000), categories: it.categories.map((c) => categoryNames[c]!) });
    }
  }
  return rows;
}

export function toCsv(rows: readonly SyntheticRow[]): string {
  const lines = ['user_id,item_id,timestamp,categories'];
  for (const r of rows) lines.push(`${r.userId},${r.itemId},${r.timestamp},${r.categories.join('|')}`);
  return `${lines.join('\n')}\n`;
}
