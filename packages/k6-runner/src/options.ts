// k6 options → the plan the runner executes, with k6's rules: no options = 1 VU, 1 iteration;
// `vus` + `iterations` = a shared-iterations scenario; `vus` + `duration` = constant-vus;
// `scenarios` replace the shortcuts. Executors implemented: shared-iterations, per-vu-iterations,
// constant-vus, constant-arrival-rate. Every option and scenario field the runner does not
// implement is refused by name, so a script never runs with part of its configuration ignored.
export type Executor = 'shared-iterations' | 'per-vu-iterations' | 'constant-vus' | 'constant-arrival-rate';

export interface Scenario {
  readonly name: string;
  readonly executor: Executor;
  readonly exec: string;
  readonly env: Record<string, string>;
  readonly tags: Record<string, string>;
  readonly startTimeMs: number;
  readonly gracefulStopMs: number;
  readonly vus: number;
  /** shared-iterations: in total; per-vu-iterations: per VU. */
  readonly iterations: number;
  /** constant-vus, constant-arrival-rate: how long; iteration executors: maxDuration. */
  readonly durationMs: number;
  /** constant-arrival-rate: iterations per timeUnit, and how many VUs may be used. */
  readonly rate: number;
  readonly timeUnitMs: number;
  readonly maxVus: number;
}

export interface Plan {
  readonly scenarios: readonly Scenario[];
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
  readonly setupTimeoutMs: number;
  readonly teardownTimeoutMs: number;
  readonly summaryTrendStats: readonly string[];
}

const TOP_LEVEL = new Set(['vus', 'iterations', 'duration', 'scenarios', 'thresholds', 'setupTimeout', 'teardownTimeout', 'summaryTrendStats']);
const SCENARIO_FIELDS: Record<Executor, readonly string[]> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
};
const COMMON_FIELDS = ['executor', 'exec', 'env', 'tags', 'startTime', 'gracefulStop'];

export class OptionsError extends Error {}

export function parseDuration(value: unknown, what: string): number {
  if (typeof value === 'number' && value >= 0) return value; // k6 reads bare numbers as milliseconds
  if (typeof value !== 'string') throw new OptionsError(`${what}: expected a duration like "30s", got ${JSON.stringify(value)}`);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) throw new OptionsError(`${what}: cannot read the duration "${value}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

function positiveInt(value: unknown, what: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new OptionsError(`${what}: expected a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

export function planOf(options: Record<string, unknown>, exported: readonly string[]): Plan {
  for (const key of Object.keys(options)) {
    if (!TOP_LEVEL.has(key)) throw new OptionsError(`k6-runner does not implement the option "${key}" (implemented: ${[...TOP_LEVEL].join(', ')}); run this script with real k6`);
  }
  const scenarios: Scenario[] = [];
  const base = { env: {}, tags: {}, startTimeMs: 0, gracefulStopMs: 30_000, rate: 0, timeUnitMs: 1000, maxVus: 0, exec: 'default' };
  if (options.scenarios !== undefined) {
    if (options.vus !== undefined || options.iterations !== undefined || options.duration !== undefined) {
      throw new OptionsError('k6-runner: "scenarios" together with vus/iterations/duration is ambiguous; k6 lets the shortcuts override the scenarios, this runner refuses');
    }
    for (const [name, raw] of Object.entries(options.scenarios as Record<string, Record<string, unknown>>)) {
      const executor = raw.executor as Executor;
      const fields = SCENARIO_FIELDS[executor];
      if (!fields) throw new OptionsError(`scenario "${name}": k6-runner does not implement the executor "${String(raw.executor)}" (implemented: ${Object.keys(SCENARIO_FIELDS).join(', ')})`);
      for (const key of Object.keys(raw)) {
        if (!fields.includes(key) && !COMMON_FIELDS.includes(key)) throw new OptionsError(`scenario "${name}": k6-runner does not implement "${key}" for ${executor}`);
      }
      const exec = (raw.exec as string | undefined) ?? 'default';
      if (!exported.includes(exec)) throw new OptionsError(`scenario "${name}": the script exports no function "${exec}"`);
      const iterationBased = executor === 'shared-iterations' || executor === 'per-vu-iterations';
      const preAllocated = executor === 'constant-arrival-rate' ? positiveInt(raw.preAllocatedVUs, `scenario "${name}" preAllocatedVUs`) : 0;
      scenarios.push({
        ...base, name, executor, exec,
        env: (raw.env as Record<string, string> | undefined) ?? {},
        tags: (raw.tags as Record<string, string> | undefined) ?? {},
        startTimeMs: raw.startTime === undefined ? 0 : parseDuration(raw.startTime, `scenario "${name}" startTime`),
        gracefulStopMs: raw.gracefulStop === undefined ? 30_000 : parseDuration(raw.gracefulStop, `scenario "${name}" gracefulStop`),
        vus: executor === 'constant-arrival-rate' ? preAllocated : positiveInt(raw.vus, `scenario "${name}" vus`, 1),
        iterations: iterationBased ? positiveInt(raw.iterations, `scenario "${name}" iterations`, 1) : 0,
        durationMs: iterationBased
          ? (raw.maxDuration === undefined ? 600_000 : parseDuration(raw.maxDuration, `scenario "${name}" maxDuration`))
          : parseDuration(raw.duration, `scenario "${name}" duration`),
        rate: executor === 'constant-arrival-rate' ? positiveInt(raw.rate, `scenario "${name}" rate`) : 0,
        timeUnitMs: raw.timeUnit === undefined ? 1000 : parseDuration(raw.timeUnit, `scenario "${name}" timeUnit`),
        maxVus: executor === 'constant-arrival-rate' ? Math.max(preAllocated, positiveInt(raw.maxVUs, `scenario "${name}" maxVUs`, preAllocated)) : 0,
      });
    }
  } else {
    if (!exported.includes('default')) throw new OptionsError('the script exports no default function and no scenarios');
    const vus = positiveInt(options.vus, 'vus', 1);
    if (options.duration !== undefined && options.iterations === undefined) {
      scenarios.push({ ...base, name: 'default', executor: 'constant-vus', vus, iterations: 0, durationMs: parseDuration(options.duration, 'duration') });
    } else {
      scenarios.push({
        ...base, name: 'default', executor: 'shared-iterations', vus, iterations: positiveInt(options.iterations, 'iterations', 1),
        durationMs: options.duration === undefined ? 600_000 : parseDuration(options.duration, 'duration'),
      });
    }
  }
  const thresholds: Record<string, string[]> = {};
  for (const [metric, list] of Object.entries((options.thresholds ?? {}) as Record<string, unknown[]>)) {
    thresholds[metric] = list.map((t) => {
      if (typeof t === 'string') return t;
      throw new OptionsError(`threshold on ${metric}: k6-runner implements thresholds as strings only (no abortOnFail objects)`);
    });
  }
  return {
    scenarios, thresholds,
    setupTimeoutMs: options.setupTimeout === undefined ? 60_000 : parseDuration(options.setupTimeout, 'setupTimeout'),
    teardownTimeoutMs: options.teardownTimeout === undefined ? 60_000 : parseDuration(options.teardownTimeout, 'teardownTimeout'),
    summaryTrendStats: (options.summaryTrendStats as string[] | undefined) ?? ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'],
  };
}
