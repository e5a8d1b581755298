import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it('doubles from the initial delay, between half and all of the step', () => {
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, 0.999))).toEqual([100, 200, 400]);
  });

  it('never exceeds the ceiling, even after very many attempts', () => {
    expect(backoffDelay(policy, 5, 0.999)).toBe(1000);
    expect(backoffDelay(policy, 10_000, 0.999)).toBe(1000);
    expect(backoffDelay(policy, 10_000, 0)).toBe(500);
  });
});
