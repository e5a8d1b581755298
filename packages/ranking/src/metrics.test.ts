import { describe, expect, it } from 'vitest';
import { auc, logLoss, topKGain } from './metrics.js';

describe('metrics', () => {
  it('computes AUC with ties at half credit', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75);
    expect(auc([0.5, 0.5, 0.5], [0, 1, 0])).toBe(0.5);
    expect(auc([0.2, 0.3], [1, 1])).toBe(0.5);
  });

  it('computes log loss and top-K gains', () => {
    expect(logLoss([0.5, 0.5], [0, 1])).toBeCloseTo(Math.log(2));
    expect(topKGain(0, 10)).toEqual({ hit: 1, ndcg: 1 });
    expect(topKGain(2, 10).ndcg).toBeCloseTo(0.5);
    expect(topKGain(10, 10)).toEqual({ hit: 0, ndcg: 0 });
    expect(topKGain(-1, 10)).toEqual({ hit: 0, ndcg: 0 });
  });
});
