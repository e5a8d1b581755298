import { describe, expect, it } from 'vitest';
import { LIVE_FEATURES, denseIndex } from './feature-set.js';
import { NO_COUNTS } from './popularity.js';
import { applyUserEvent, emptyUserState } from './user-state.js';
import { userSignals, vectorize } from './vectorize.js';
import type { CoVisitation } from './vectorize.js';

const set = LIVE_FEATURES;
const at = (row: Float32Array, name: string) => row[denseIndex(set, name)];

describe('vectorize', () => {
  it('fills every column of the feature set from the user, the item, the counts and the index', () => {
    const state = emptyUserState();
    applyUserEvent(state, { contentId: 'seen-1', type: 'click', at: 1_000, categories: ['space'] }, 3_600_000);
    const covis: CoVisitation = { similarity: (a, b) => (a === 'seen-1' && b === 'x' ? 0.5 : 0), successor: (a, b) => (a === 'seen-1' && b === 'x' ? 0.25 : 0) };
    const rows = vectorize(set, userSignals(state), { languages: ['de'], country: 'DE', interests: ['space'], ageBand: '25-34' }, { now: 2_000, localHour: 6, weekday: 6 },
      [{ contentId: 'x', categories: ['space'], languages: ['de'], regions: [], kind: 'news', priority: 'high' }, { contentId: 'y', categories: ['politics'], languages: ['fr'], regions: ['FR'] }],
      () => ({ ...NO_COUNTS, engagements: [1, 2, 3], total: 9 }), covis);
    expect(rows.rows).toBe(2);
    expect(rows.dense).toHaveLength(2 * set.dense.length);
    expect(rows.cats).toHaveLength(2 * set.fields.length);
    const x = rows.dense.subarray(0, set.dense.length);
    const y = rows.dense.subarray(set.dense.length);
    expect(at(x, 'covis_last')).toBeCloseTo(0.5);
    expect(at(x, 'covis_next')).toBeCloseTo(0.25);
    expect(at(x, 'affinity_max')).toBeCloseTo(1);
    expect([at(x, 'interest_match'), at(x, 'language_match'), at(x, 'region_match')]).toEqual([1, 1, 1]);
    expect([at(y, 'interest_match'), at(y, 'language_match'), at(y, 'region_match'), at(y, 'affinity_max')]).toEqual([0, 0, 0, 0]);
    expect(at(x, 'pop_long')).toBeCloseTo(Math.log1p(3));
    expect(at(x, 'weekend')).toBe(1);
    expect(Array.from(rows.cats.subarray(0, set.fields.length))).toEqual([1, expect.any(Number), 2, 7, 3]);
    expect(rows.cats[set.fields.length + 2]).toBe(0); // unknown priority
  });
});
