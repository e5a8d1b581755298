// From scored candidates to the cards of a feed (pure): best first, one card per story, at most
// `perCategory` cards of one main category while others remain, and one exploration slot drawn
// uniformly from the eligible candidates that did not make the feed, with its propensity logged
// (so a future ranker can be evaluated offline on these draws without the current ranker's bias).
// Seen candidates only fill a feed that runs out of unseen ones.

export interface ScoredCandidate {
  readonly contentId: string;
  readonly storyId: string;
  readonly mainCategory: string | undefined;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly seen: boolean;
}

export interface ArrangedCard {
  readonly candidate: ScoredCandidate;
  readonly reasons: string[];
  readonly propensity?: number;
}

export interface ArrangeOptions {
  readonly size: number;
  readonly perCategory: number;
  /** Zero-based position of the exploration card; undefined = no exploration. */
  readonly explorationSlot: number | undefined;
  readonly random: () => number;
}

export function arrangeFeed(candidates: readonly ScoredCandidate[], options: ArrangeOptions): ArrangedCard[] {
  const ranked = [...candidates].sort((a, b) => b.score - a.score || (a.contentId < b.contentId ? -1 : 1));
  const bestOfStory = new Map<string, ScoredCandidate>();
  for (const c of ranked) {
    const known = bestOfStory.get(c.storyId);
    if (!known || (known.seen && !c.seen)) bestOfStory.set(c.storyId, c);
  }
  const unique = ranked.filter((c) => bestOfStory.get(c.storyId) === c);
  const fresh = unique.filter((c) => !c.seen);
  const seen = unique.filter((c) => c.seen);

  const picked: ArrangedCard[] = [];
  const perCategory = new Map<string, number>();
  const taken = new Set<string>();
  const take = (c: ScoredCandidate, reasons: readonly string[]) => {
    picked.push({ candidate: c, reasons: [...reasons] });
    taken.add(c.contentId);
    if (c.mainCategory) perCategory.set(c.mainCategory, (perCategory.get(c.mainCategory) ?? 0) + 1);
  };
  // Diversity pass, then fill without the cap, then fall back to seen cards.
  for (const c of fresh) {
    if (picked.length >= options.size) break;
    if (c.mainCategory && (perCategory.get(c.mainCategory) ?? 0) >= options.perCategory) continue;
    take(c, c.reasons);
  }
  for (const c of fresh) {
    if (picked.length >= options.size) break;
    if (!taken.has(c.contentId)) take(c, c.reasons);
  }
  for (const c of seen) {
    if (picked.length >= options.size) break;
    take(c, [...new Set([...c.reasons, 'fallback'])]);
  }

  const slot = options.explorationSlot;
  if (slot !== undefined && slot < options.size) {
    const pool = fresh.filter((c) => !taken.has(c.contentId));
    if (pool.length > 0) {
      const drawn = pool[Math.min(pool.length - 1, Math.floor(options.random() * pool.length))]!;
      const card: ArrangedCard = { candidate: drawn, reasons: [...new Set(['exploration', ...drawn.reasons])], propensity: 1 / pool.length };
      // Inserted: the ranked cards from the slot on move down one, the last one falls off a full feed.
      if (picked.length > slot) picked.splice(slot, 0, card);
      else picked.push(card);
    }
  }
  return picked.slice(0, options.size);
}
