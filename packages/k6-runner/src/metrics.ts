// Metric samples and their aggregation, with k6's four metric types: Counter (count, rate),
// Gauge (value, min, max), Rate (share of non-zero samples) and Trend (avg, min, med, max,
// p(N)). A sink can filter on tags, as a threshold on `metric{tag:value}` does.
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

export interface Sample {
  readonly metric: string;
  readonly type: MetricType;
  readonly value: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly isTime: boolean;
}

export interface Sink {
  readonly type: MetricType;
  add(value: number): void;
  /** A statistic by k6's name (count, rate, value, min, max, avg, med, p(95), …); undefined if the type has none. */
  stat(name: string): number | undefined;
  readonly samples: number;
}

export function createSink(type: MetricType, startedAt: number): Sink {
  const values: number[] = [];
  let sorted = true;
  let count = 0;
  let sum = 0;
  let nonZero = 0;
  let last = 0;
  let min = Infinity;
  let max = -Infinity;
  const percentile = (p: number) => {
    if (values.length === 0) return 0;
    if (!sorted) { values.sort((a, b) => a - b); sorted = true; }
    // k6: linear interpolation between the closest ranks.
    const rank = (p / 100) * (values.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return values[lo]! + (values[hi]! - values[lo]!) * (rank - lo);
  };
  return {
    type,
    get samples() { return count; },
    add(value) {
      count += 1;
      sum += value;
      last = value;
      if (value !== 0) nonZero += 1;
      min = Math.min(min, value);
      max = Math.max(max, value);
      if (type === 'trend') { values.push(value); sorted = false; }
    },
    stat(name) {
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
      switch (type) {
        case 'counter':
          if (name === 'count') return sum;
          if (name === 'rate') return sum / seconds;
          return undefined;
        case 'gauge':
          if (name === 'value') return count === 0 ? 0 : last;
          if (name === 'min') return count === 0 ? 0 : min;
          if (name === 'max') return count === 0 ? 0 : max;
          return undefined;
        case 'rate':
          return name === 'rate' ? (count === 0 ? 0 : nonZero / count) : undefined;
        case 'trend': {
          if (name === 'avg') return count === 0 ? 0 : sum / count;
          if (name === 'min') return count === 0 ? 0 : min;
          if (name === 'max') return count === 0 ? 0 : max;
          if (name === 'med') return percentile(50);
          if (name === 'count') return count;
          const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(name);
          return p ? percentile(Number(p[1])) : undefined;
        }
      }
    },
  };
}

/** `name` or `name{tag:value,…}` */
export interface MetricSelector {
  readonly metric: string;
  readonly tags: Readonly<Record<string, string>>;
}

export function parseSelector(text: string): MetricSelector {
  const match = /^([a-zA-Z_][a-zA-Z0-9_]*)(?:\{(.*)\})?$/.exec(text.trim());
  if (!match) throw new Error(`k6-runner: cannot read the metric "${text}"`);
  const tags: Record<string, string> = {};
  for (const part of (match[2] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const at = part.indexOf(':');
    if (at < 1) throw new Error(`k6-runner: the tag filter "${part}" of "${text}" is not tag:value`);
    tags[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return { metric: match[1]!, tags };
}

export function matches(selector: MetricSelector, sample: Sample): boolean {
  if (selector.metric !== sample.metric) return false;
  return Object.entries(selector.tags).every(([k, v]) => sample.tags[k] === v);
}
