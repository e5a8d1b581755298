import { describe, expect, it } from 'vitest';
import { gatherCandidates } from './gather.js';

describe('gatherCandidates', () => {
  it('interleaves lists, keeps every reason, skips excluded items and stops at the bound', () => {
    const lists = [
      { reason: 'related', ids: ['a', 'b', 'c', 'd'] },
      { reason: 'popular', ids: ['b', 'x', 'y'] },
      { reason: 'fresh', ids: ['z', 'a'] },
    ];
    expect(gatherCandidates(lists, 10, (id) => id === 'c')).toEqual([
      { contentId: 'a', reasons: ['related', 'fresh'] },
      { contentId: 'b', reasons: ['popular', 'related'] },
      { contentId: 'z', reasons: ['fresh'] },
      { contentId: 'x', reasons: ['popular'] },
      { contentId: 'y', reasons: ['popular'] },
      { contentId: 'd', reasons: ['related'] },
    ]);
    expect(gatherCandidates(lists, 3, () => false).map((c) => c.contentId)).toEqual(['a', 'b', 'z']);
  });
});
