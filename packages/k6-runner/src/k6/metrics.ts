// "k6/metrics": custom Counter, Gauge, Rate and Trend; add() records a sample with the VU's
// current tags plus the given ones. Trend(name, true) marks a time metric (shown in ms).
import { emit } from '../vu/context.js';
import type { MetricType } from '../metrics.js';

class Metric {
  constructor(readonly name: string, private readonly type: MetricType, private readonly isTime = false) {
    if (name.startsWith('__')) throw new Error(`metric names cannot start with "__" ("${name}")`);
  }

  add(value: number | boolean, tags?: Record<string, string>): void {
    const number = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (typeof number !== 'number' || Number.isNaN(number)) throw new Error(`${this.name}.add() needs a number, got ${String(value)}`);
    emit(this.name, this.type, number, tags, this.isTime);
  }
}

export class Counter extends Metric { constructor(name: string) { super(name, 'counter'); } }
export class Gauge extends Metric { constructor(name: string, isTime = false) { super(name, 'gauge', isTime); } }
export class Rate extends Metric { constructor(name: string) { super(name, 'rate'); } }
export class Trend extends Metric { constructor(name: string, isTime = false) { super(name, 'trend', isTime); } }

export default { Counter, Gauge, Rate, Trend };
