// k6 thresholds: "<stat> <op> <number>" on a metric (optionally filtered by tags), e.g.
// `p(95)<500`, `rate>0.99`, `count>=10`, `avg<200`, `max<=1000`, `value>0`. A statistic the
// metric's type lacks (rate of a Trend) is refused, as k6 refuses it at start.
import type { MetricType, Sink } from './metrics.js';

export interface Threshold {
  readonly source: string;
  readonly stat: string;
  readonly op: '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';
  readonly bound: number;
}

const STATS: Record<MetricType, RegExp> = {
  counter: /^(count|rate)$/,
  gauge: /^(value|min|max)$/,
  rate: /^rate$/,
  trend: /^(avg|min|max|med|p\(\d+(\.\d+)?\))$/,
};

export function parseThreshold(source: string): Threshold {
  const match = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(source);
  if (!match) throw new Error(`k6-runner: cannot read the threshold "${source}"`);
  return { source, stat: match[1]!, op: match[2] as Threshold['op'], bound: Number(match[3]) };
}

export function checkStat(threshold: Threshold, type: MetricType, metric: string): void {
  if (!STATS[type].test(threshold.stat)) throw new Error(`threshold "${threshold.source}" on ${metric}: a ${type} metric has no "${threshold.stat}"`);
}

export function holds(threshold: Threshold, sink: Sink): { ok: boolean; actual: number } {
  const actual = sink.stat(threshold.stat) ?? Number.NaN;
  const b = threshold.bound;
  const ok = { '<': actual < b, '<=': actual <= b, '>': actual > b, '>=': actual >= b, '==': actual === b, '===': actual === b, '!=': actual !== b }[threshold.op];
  return { ok, actual };
}
