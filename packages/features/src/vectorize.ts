// Builds model input rows: one row per candidate item for one user at one moment, in the column
// order of a feature set. Everything a row needs is passed in (user state, co-visitation index,
// popularity counts, profile, time), so the trainer, the recommender and the offline evaluation
// produce identical rows from identical inputs. User-level work (co-visitation scores of the
// user's history, affinity shares) is done once per user by `userSignals`, not per candidate.
import { AGE_BANDS } from '@tessera/contracts/schemas/user-profile';
import { CONTENT_KINDS, CONTENT_PRIORITIES } from '@tessera/contracts/schemas/content-item';
import type { FeatureSet } from './feature-set.js';
import type { Moment, Viewer } from './context.js';
import { fnv1a } from './hash.js';
import type { ItemInfo } from './item.js';
import type { CountsOf } from './popularity.js';
import { shares } from './user-state.js';
import type { UserState } from './user-state.js';

/**
 * An item–item co-visitation index (built by the ranking package from engagement sequences):
 * `similarity` is symmetric, `successor(a, b)` says how often b followed a.
 */
export interface CoVisitation {
  similarity(a: string, b: string): number;
  successor(a: string, b: string): number;
}

export interface UserSignals {
  /** Distinct recently engaged items, newest first, with their weight in covis_recent. */
  readonly recent: readonly (readonly [contentId: string, weight: number])[];
  readonly categories: ReadonlyMap<string, number>;
  readonly sources: ReadonlyMap<string, number>;
  readonly engagements: number;
  readonly seen: Readonly<Record<string, number>>;
}

export const RECENT_ITEMS = 20;
export const RECENT_DECAY = 0.8;
const HOUR_MS = 3_600_000;

export function userSignals(state: UserState): UserSignals {
  const recent: [string, number][] = [];
  const taken = new Set<string>();
  for (const h of state.history) {
    if (recent.length >= RECENT_ITEMS) break;
    if (taken.has(h.contentId)) continue;
    taken.add(h.contentId);
    recent.push([h.contentId, Math.pow(RECENT_DECAY, recent.length)]);
  }
  return {
    recent,
    categories: shares(state.categories),
    sources: shares(state.sources),
    engagements: state.engagements,
    seen: state.seen,
  };
}

function match(wanted: readonly string[] | undefined, have: readonly string[] | undefined, emptyMeansAll = false): number {
  if (!wanted || wanted.length === 0) return 0.5;
  if (!have) return 0.5;
  if (have.length === 0) return emptyMeansAll ? 1 : 0.5;
  return have.some((x) => wanted.includes(x)) ? 1 : 0;
}

function interestMatch(categories: readonly string[], interests: readonly string[]): number {
  for (const category of categories) if (interests.includes(category)) return 1;
  return 0;
}

const enumId = (values: readonly string[], value: string | undefined): number => (value === undefined ? 0 : values.indexOf(value) + 1);

export interface Rows {
  readonly rows: number;
  readonly dense: Float32Array;
  readonly cats: Int32Array;
}

export function vectorize(
  set: FeatureSet, user: UserSignals, viewer: Viewer, moment: Moment,
  items: readonly ItemInfo[], countsOf: CountsOf, covis: CoVisitation | undefined,
): Rows {
  const f = set.dense.length;
  const c = set.fields.length;
  const dense = new Float32Array(items.length * f);
  const cats = new Int32Array(items.length * c);
  const [short, mid] = set.windows;
  const hourAngle = moment.localHour === undefined ? undefined : (2 * Math.PI * moment.localHour) / 24;
  const categorySize = set.fields[1]!.size;

  items.forEach((item, r) => {
    const counts = countsOf(item.contentId);
    let affinityMax = 0;
    let affinitySum = 0;
    for (const category of item.categories) {
      const share = user.categories.get(category) ?? 0;
      affinityMax = Math.max(affinityMax, share);
      affinitySum += share;
    }
    let covisRecent = 0;
    let covisLast = 0;
    let covisNext = 0;
    if (covis && user.recent.length > 0) {
      const recent = user.recent;
      for (let i = 0; i < recent.length; i += 1) {
        const similarity = covis.similarity(recent[i]![0], item.contentId);
        covisRecent += recent[i]![1] * similarity;
        if (i === 0) covisLast = similarity; // the latest engagement comes first
      }
      covisNext = covis.successor(recent[0]![0], item.contentId);
    }
    const [eShort, eMid, eLong] = counts.engagements;
    const shortRate = eShort / short.ms;
    const midRate = eMid / mid.ms;
    const born = item.publishedAt ?? counts.firstAt;
    // Written straight into the row, in the feature set's column order.
    let at = r * f;
    dense[at++] = Math.log1p(covisRecent);
    dense[at++] = covisLast;
    dense[at++] = covisNext;
    dense[at++] = affinityMax;
    dense[at++] = affinitySum;
    dense[at++] = item.sourceId ? user.sources.get(item.sourceId) ?? 0 : 0;
    dense[at++] = interestMatch(item.categories, viewer.interests);
    dense[at++] = match(viewer.languages, item.languages);
    dense[at++] = viewer.country === undefined ? 0.5 : match([viewer.country], item.regions, true);
    dense[at++] = Math.log1p(eShort);
    dense[at++] = Math.log1p(eMid);
    dense[at++] = Math.log1p(eLong);
    dense[at++] = Math.log1p(counts.total);
    dense[at++] = Math.log((shortRate * short.ms + 1) / (midRate * short.ms + 1));
    dense[at++] = (eMid + 1) / (counts.impressionsMid + 20);
    dense[at++] = (eLong + 1) / (counts.impressionsLong + 20);
    dense[at++] = born === undefined ? 0 : Math.log1p(Math.max(0, moment.now - born) / HOUR_MS);
    dense[at++] = counts.lastAt === undefined ? Math.log1p(24 * 365) : Math.log1p(Math.max(0, moment.now - counts.lastAt) / HOUR_MS);
    dense[at++] = Math.log1p(user.engagements);
    dense[at++] = user.seen[item.contentId] !== undefined ? 1 : 0;
    dense[at++] = hourAngle === undefined ? 0 : Math.sin(hourAngle);
    dense[at++] = hourAngle === undefined ? 0 : Math.cos(hourAngle);
    dense[at++] = moment.weekday === 0 || moment.weekday === 6 ? 1 : 0;
    if (at !== (r + 1) * f) throw new Error(`feature set ${set.id} declares ${f} dense features, vectorize computes ${at - r * f}`);
    const main = item.categories[0];
    cats[r * c] = enumId(CONTENT_KINDS, item.kind);
    cats[r * c + 1] = main === undefined ? 0 : 1 + (fnv1a(main) % (categorySize - 1));
    cats[r * c + 2] = enumId(CONTENT_PRIORITIES, item.priority);
    cats[r * c + 3] = moment.localHour === undefined ? 0 : moment.localHour + 1;
    cats[r * c + 4] = enumId(AGE_BANDS, viewer.ageBand);
  });
  return { rows: items.length, dense, cats };
}
