import { describe, expect, it } from 'vitest';
import { LIVE_FEATURES, LOG_FEATURES, refuseModel } from './feature-set.js';

const inputs = (set = LIVE_FEATURES) => ({
  featureSet: set.id, denseNames: set.dense.map((f) => f.name), fieldNames: set.fields.map((f) => f.name), fieldSizes: set.fields.map((f) => f.size),
});

describe('refuseModel', () => {
  it('accepts a model of the running feature set and refuses others with the reason', () => {
    expect(refuseModel(inputs(), LIVE_FEATURES)).toBeUndefined();
    expect(refuseModel(inputs(LOG_FEATURES), LIVE_FEATURES)).toMatch(/trained on feature set "log-1" \(a set this service does not compute\)/);
    expect(refuseModel({ ...inputs(), featureSet: 'live-0' }, LIVE_FEATURES)).toMatch(/"live-0" \(unknown to this code\)/);
    expect(refuseModel({ ...inputs(), denseNames: inputs().denseNames.slice(1) }, LIVE_FEATURES)).toMatch(/dense columns differ/);
    expect(refuseModel({ ...inputs(), fieldSizes: [1, 2, 3, 4, 5] }, LIVE_FEATURES)).toMatch(/categorical fields differ/);
  });
});
