import { describe, expect, it } from 'vitest';
import { CoVisitationIndex, FrozenCoVisitation } from './co-visitation.js';
import { relatedItems } from './related.js';

function sequences(index: CoVisitationIndex, users: string[][]): void {
  for (const items of users) {
    const prior: { contentId: string; at: number }[] = [];
    items.forEach((contentId, i) => {
      index.observe(contentId, i * 1000, prior);
      prior.unshift({ contentId, at: i * 1000 });
    });
  }
}

describe('co-visitation', () => {
  it('is symmetric, knows successors, and a snapshot answers like the live index for the pairs it keeps', () => {
    const index = new CoVisitationIndex({ window: 3, maxGapMs: Number.POSITIVE_INFINITY, successorSpan: 1 });
    sequences(index, [['a', 'b', 'c'], ['a', 'b'], ['b', 'd'], ['c', 'a']]);
    expect(index.similarity('a', 'b')).toBeCloseTo(index.similarity('b', 'a'), 12);
    expect(index.similarity('a', 'b')).toBeGreaterThan(index.similarity('a', 'd'));
    expect(index.similarity('a', 'a')).toBe(0);
    expect(index.successor('a', 'b')).toBeCloseTo(2 / 3);
    expect(index.successor('b', 'a')).toBe(0);
    const frozen = new FrozenCoVisitation(JSON.parse(JSON.stringify(index.snapshot(10))));
    for (const x of ['a', 'b', 'c', 'd']) {
      for (const y of ['a', 'b', 'c', 'd']) {
        expect(frozen.similarity(x, y)).toBeCloseTo(index.similarity(x, y), 12);
        expect(frozen.successor(x, y)).toBeCloseTo(index.successor(x, y), 12);
      }
    }
    // a–c: 1 + 1/√2 over √(3·2) ≈ 0.70 beats a–b: 2 over √(3·3) ≈ 0.67.
    expect(index.neighbors('a', 2).map(([id]) => id)).toEqual(['c', 'b']);
    expect(relatedItems(frozen, [['a', 1], ['d', 0.5]], 3)).toEqual(['b', 'c']);
  });

  it('does not pair engagements further apart than the window or the time gap', () => {
    const index = new CoVisitationIndex({ window: 1, maxGapMs: 1500, successorSpan: 1 });
    index.observe('a', 0, []);
    index.observe('b', 1000, [{ contentId: 'a', at: 0 }]);
    index.observe('c', 3000, [{ contentId: 'b', at: 1000 }, { contentId: 'a', at: 0 }]);
    expect(index.similarity('a', 'b')).toBeGreaterThan(0);
    expect(index.similarity('b', 'c')).toBe(0);
    expect(index.similarity('a', 'c')).toBe(0);
  });
});
