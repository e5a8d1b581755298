import { describe, expect, it } from 'vitest';
import { compareOffsets, isAfter, isOffset } from './offsets.js';

describe('offsets', () => {
  it('compare numerically on both parts', () => {
    expect(compareOffsets('9-0', '10-0')).toBeLessThan(0);
    expect(compareOffsets('1732000000000-2', '1732000000000-10')).toBeLessThan(0);
    expect(compareOffsets('1732000000001-0', '1732000000000-99')).toBeGreaterThan(0);
    expect(compareOffsets('5-5', '5-5')).toBe(0);
    expect(isAfter('5-1', null)).toBe(true);
    expect(isAfter('5-1', '5-1')).toBe(false);
  });

  it('accept only "<ms>-<seq>"', () => {
    expect(isOffset('1732000000000-0')).toBe(true);
    for (const bad of ['', '1732', '1-', '-1', '1-2-3', 'a-1', '1 -2', '1'.repeat(16) + '-0']) expect(isOffset(bad), bad).toBe(false);
    expect(() => compareOffsets('x', '1-1')).toThrow();
  });
});
