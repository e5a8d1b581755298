// Candidate generation's merge step: several ranked lists (related to the user's recent items,
// trending, popular, fresh in their categories, ...) become one candidate set for the ranker.
// Lists are interleaved position by position, so every source gets a share of a bounded set even
// when one list is long; an item found by several lists keeps every reason (explanations).
// Excluded items (already engaged with, seen, hidden, expired, taken down) never enter.

export interface CandidateList {
  readonly reason: string;
  /** Best first. */
  readonly ids: readonly string[];
}

export interface Candidate {
  readonly contentId: string;
  readonly reasons: string[];
}

export function gatherCandidates(lists: readonly CandidateList[], max: number, exclude: (contentId: string) => boolean): Candidate[] {
  const byId = new Map<string, Candidate>();
  const longest = lists.reduce((n, l) => Math.max(n, l.ids.length), 0);
  for (let position = 0; position < longest; position += 1) {
    for (const list of lists) {
      const id = list.ids[position];
      if (id === undefined) continue;
      const known = byId.get(id);
      if (known) {
        if (!known.reasons.includes(list.reason)) known.reasons.push(list.reason);
        continue;
      }
      if (byId.size >= max || exclude(id)) continue;
      byId.set(id, { contentId: id, reasons: [list.reason] });
    }
  }
  return [...byId.values()];
}
