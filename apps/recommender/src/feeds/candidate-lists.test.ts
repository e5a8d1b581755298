import { describe, expect, it } from 'vitest';
import { LIST_SIZES, listSizes } from './candidate-lists.js';

describe('candidate list sizes', () => {
  it('scale with the candidates a feed ranks, so the union of the lists can reach it', () => {
    expect(listSizes(250)).toEqual(LIST_SIZES);
    const at500 = listSizes(500);
    for (const [k, v] of Object.entries(LIST_SIZES)) expect(at500[k as keyof typeof LIST_SIZES]).toBe(2 * v);
    const sum = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
    expect(sum(at500)).toBeGreaterThan(500);
  });

  it('keeps at least one item per list for tiny settings', () => {
    for (const v of Object.values(listSizes(10))) expect(v).toBeGreaterThanOrEqual(1);
  });
});
