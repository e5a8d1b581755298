import { describe, expect, it } from 'vitest';
import { createSink } from './metrics.js';
import { OptionsError, parseDuration, planOf } from './options.js';
import { holds, parseThreshold } from './thresholds.js';

describe('options', () => {
  it('follow k6 shortcuts: nothing = 1 VU x 1 iteration, vus+iterations = shared, vus+duration = constant-vus', () => {
    expect(planOf({}, ['default']).scenarios[0]).toMatchObject({ executor: 'shared-iterations', vus: 1, iterations: 1 });
    expect(planOf({ vus: 3, iterations: 9 }, ['default']).scenarios[0]).toMatchObject({ executor: 'shared-iterations', vus: 3, iterations: 9 });
    expect(planOf({ vus: 2, duration: '1m30s' }, ['default']).scenarios[0]).toMatchObject({ executor: 'constant-vus', vus: 2, durationMs: 90_000 });
  });

  it('read scenarios with exec, env, startTime, gracefulStop and arrival rates', () => {
    const plan = planOf({ scenarios: {
      a: { executor: 'per-vu-iterations', vus: 2, iterations: 3, exec: 'run', env: { X: '1' }, startTime: '2s', gracefulStop: '0s' },
      b: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '5s', preAllocatedVUs: 2, maxVUs: 4 },
    } }, ['run', 'default']);
    expect(plan.scenarios).toMatchObject([
      { name: 'a', exec: 'run', env: { X: '1' }, startTimeMs: 2_000, gracefulStopMs: 0, vus: 2, iterations: 3 },
      { name: 'b', executor: 'constant-arrival-rate', rate: 10, timeUnitMs: 1_000, durationMs: 5_000, vus: 2, maxVus: 4 },
    ]);
  });

  it('refuse what the runner does not implement, by name', () => {
    expect(() => planOf({ stages: [] }, ['default'])).toThrow(/option "stages"/);
    expect(() => planOf({ scenarios: { s: { executor: 'ramping-vus', stages: [] } } }, ['default'])).toThrow(/executor "ramping-vus"/);
    expect(() => planOf({ scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', startVUs: 2 } } }, ['default'])).toThrow(/"startVUs"/);
    expect(() => planOf({ scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', exec: 'missing' } } }, ['default'])).toThrow(/no function "missing"/);
    expect(() => planOf({ thresholds: { checks: [{ threshold: 'rate>0.9', abortOnFail: true }] } }, ['default'])).toThrow(OptionsError);
    expect(() => parseDuration('5 minutes', 'd')).toThrow(/cannot read/);
  });
});

describe('thresholds', () => {
  it('compare the named statistic of a sink', () => {
    const trend = createSink('trend', Date.now());
    for (const v of [10, 20, 30, 40, 100]) trend.add(v);
    expect(holds(parseThreshold('p(95)<100'), trend)).toMatchObject({ ok: true });
    expect(holds(parseThreshold('max<100'), trend)).toMatchObject({ ok: false, actual: 100 });
    expect(holds(parseThreshold('med==30'), trend)).toMatchObject({ ok: true });
    const rate = createSink('rate', Date.now());
    rate.add(1); rate.add(1); rate.add(0);
    expect(holds(parseThreshold('rate>0.9'), rate)).toMatchObject({ ok: false });
    expect(() => parseThreshold('p95 < 1')).toThrow(/cannot read/);
  });
});
