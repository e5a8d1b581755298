// Tessera's own ranking of a log: the recommender's candidate generation (related items from the
// co-visitation index, windowed and all-time popular, popular in the user's top categories,
// merged by gatherCandidates) and its ranking (feature rows from packages/features scored by a
// factorization machine on the Scorer's worker threads). The model is trained on the same log
// at earlier steps: each user's second-, third- and fourth-to-last interactions are positives among
// that user's candidates, each computed from the interactions before it, so nothing it learns from
// is the answer.
import type { FeatureSet } from '@tessera/features/feature-set';
import { UNKNOWN_VIEWER } from '@tessera/features/context';
import type { ItemInfo } from '@tessera/features/item';
import { shares } from '@tessera/features/user-state';
import { userSignals, vectorize } from '@tessera/features/vectorize';
import type { Rows } from '@tessera/features/vectorize';
import { gatherCandidates } from '@tessera/ranking/candidates/gather';
import type { CandidateList } from '@tessera/ranking/candidates/gather';
import { relatedItems } from '@tessera/ranking/retrieval/related';
import type { InteractionLog } from './interaction-log.js';
import type { OfflineWorld } from './offline-world.js';
import { topItems } from './windowed-counts.js';

export interface CandidateOptions {
  readonly maxCandidates: number;
  readonly related: number;
  readonly windowedPopular: number;
  readonly popular: number;
  readonly perCategory: number;
  readonly topCategories: number;
  /** Order the per-category lists by windowed popularity (true) or all-time popularity (false). */
  readonly categoryByWindow?: boolean;
}

// Tuned on the synthetic log (BENCHMARKS.md): per-category lists by windowed popularity and
// longer windowed lists raised the held-out item's candidate recall from 45 % to 50 %.
export const DEFAULT_CANDIDATES: CandidateOptions = {
  maxCandidates: 600, related: 400, windowedPopular: 300, popular: 100, perCategory: 100, topCategories: 3, categoryByWindow: true,
};

export interface UserCandidates {
  /** Item indexes, in candidate order. */
  readonly items: number[];
  readonly rows: Rows;
}

export function userCandidates(
  set: FeatureSet, log: InteractionLog, itemIndex: ReadonlyMap<string, number>, world: OfflineWorld,
  user: number, now: number, windowed: Float64Array, options: CandidateOptions = DEFAULT_CANDIDATES,
): UserCandidates {
  const state = world.users[user]!;
  const signals = userSignals(state);
  const known = world.known[user]!;
  const exclude = (item: number) => known.has(item);
  const ids = (items: number[]) => items.map((i) => log.itemIds[i]!);
  const lists: CandidateList[] = [
    { reason: 'related', ids: relatedItems(world.covis, signals.recent, options.related) },
    { reason: 'trending_in_segment', ids: ids(topItems(windowed, world.allTime, options.windowedPopular, exclude)) },
    { reason: 'popular', ids: ids(topItems(world.allTime, world.allTime, options.popular, exclude)) },
  ];
  const categories = [...shares(state.categories)].sort((a, b) => b[1] - a[1]).slice(0, options.topCategories);
  for (const [category] of categories) {
    const inCategory = (item: number) => log.itemCategories[item]!.includes(category);
    const [primary, tie] = options.categoryByWindow ? [windowed, world.allTime] : [world.allTime, windowed];
    lists.push({ reason: 'category_affinity', ids: ids(topItems(primary, tie, options.perCategory, exclude, inCategory)) });
  }
  const candidates = gatherCandidates(lists, options.maxCandidates, (id) => {
    const item = itemIndex.get(id);
    return item === undefined || known.has(item);
  });
  const items = candidates.map((c) => itemIndex.get(c.contentId)!);
  const infos: ItemInfo[] = items.map((i) => ({ contentId: log.itemIds[i]!, categories: log.itemCategories[i]! }));
  const rows = vectorize(set, signals, UNKNOWN_VIEWER, { now }, infos, (id) => world.counter.counts(id, now), world.covis);
  return { items, rows };
}
