import { describe, expect, it } from 'vitest';
import { arrangeFeed } from './arrange.js';
import type { ScoredCandidate } from './arrange.js';

const c = (id: string, score: number, extra: Partial<ScoredCandidate> = {}): ScoredCandidate => ({
  contentId: id, storyId: id, mainCategory: 'x', score, reasons: ['popular'], seen: false, ...extra,
});

describe('arrangeFeed', () => {
  it('ranks by score, keeps one card per story, caps a category while others remain', () => {
    const cards = arrangeFeed([
      c('a', 0.9), c('a2', 0.8, { storyId: 'a' }), c('b', 0.7), c('c', 0.6), c('d', 0.5, { mainCategory: 'y' }), c('e', 0.4),
    ], { size: 4, perCategory: 2, explorationSlot: undefined, random: () => 0 });
    expect(cards.map((x) => x.candidate.contentId)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('draws the exploration card uniformly from what did not make the feed, with its propensity', () => {
    const pool = [c('a', 0.9), c('b', 0.8), c('c', 0.7), c('d', 0.6), c('e', 0.5), c('f', 0.4)];
    const cards = arrangeFeed(pool, { size: 3, perCategory: 10, explorationSlot: 1, random: () => 0.99 });
    expect(cards.map((x) => x.candidate.contentId)).toEqual(['a', 'f', 'b']);
    expect(cards[1]).toMatchObject({ propensity: 1 / 3, reasons: ['exploration', 'popular'] });
  });

  it('shows seen cards only when the unseen ones run out, marked as fallback', () => {
    const cards = arrangeFeed([c('a', 0.9, { seen: true }), c('b', 0.1)], { size: 3, perCategory: 10, explorationSlot: undefined, random: () => 0 });
    expect(cards.map((x) => [x.candidate.contentId, x.reasons])).toEqual([['b', ['popular']], ['a', ['popular', 'fallback']]]);
  });
});
