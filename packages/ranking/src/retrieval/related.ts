// Collaborative retrieval: items related to what the user engaged with recently, scored by the
// co-visitation similarity to each recent item, newer items weighing more (the same weights as
// the covis_recent feature).
import type { CoVisitationIndex, FrozenCoVisitation } from './co-visitation.js';

export function relatedItems(
  index: Pick<CoVisitationIndex | FrozenCoVisitation, 'neighbors'>,
  recent: readonly (readonly [contentId: string, weight: number])[],
  limit: number,
  perItem = 100,
): string[] {
  const scores = new Map<string, number>();
  for (const [contentId, weight] of recent) {
    for (const [other, sim] of index.neighbors(contentId, perItem)) scores.set(other, (scores.get(other) ?? 0) + weight * sim);
  }
  return [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([id]) => id);
}
