// Turns archived interactions into training rows by replaying them in event-time order through
// the same state the recommender keeps online (replay.ts: each user's state, popularity counts,
// the co-visitation index). An impression becomes one row, its features
// computed from the state just before it (what the recommender could know), its label 1 when the
// same user clicked, watched, liked or shared the item within the attribution window around it,
// and 0 otherwise; a dismissal within the window makes it a negative with double weight.
// The index keeps learning through the replay; its final snapshot ships with the model.
import type { FeatureSet } from '@tessera/features/feature-set';
import { isEngagement } from '@tessera/features/user-state';
import type { CoVisitationIndex } from '@tessera/ranking/retrieval/co-visitation';
import type { TrainingData } from './load.js';
import { ReplayState } from './replay.js';

export interface Examples {
  readonly rows: number;
  readonly dense: Float32Array;
  readonly cats: Int32Array;
  readonly labels: Float32Array;
  readonly weights: Float32Array;
  /** Event time of each row (impression time), non-decreasing. */
  readonly times: Float64Array;
  readonly covis: CoVisitationIndex;
  readonly positives: number;
}

// A click may be stamped a little before its impression (one device batch, clock order).
const EARLY_MS = 5_000;

/** For each (user, item): sorted times of engagements and of dismissals. */
function outcomes(data: TrainingData): Map<number, { engaged: number[]; dismissed: number[] }> {
  const out = new Map<number, { engaged: number[]; dismissed: number[] }>();
  const items = data.itemIds.length;
  for (const e of data.events) {
    if (!isEngagement(e.type) && e.type !== 'dismiss') continue;
    const key = e.user * items + e.item;
    let o = out.get(key);
    if (!o) {
      o = { engaged: [], dismissed: [] };
      out.set(key, o);
    }
    (e.type === 'dismiss' ? o.dismissed : o.engaged).push(e.at);
  }
  return out;
}

const within = (times: number[] | undefined, from: number, to: number) => times !== undefined && times.some((t) => t >= from && t <= to);

class Growable {
  data: Float32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float32Array(Math.max(16, capacity));
  }
  push(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const next = new Float32Array(Math.max(this.data.length * 2, this.length + values.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values as Float32Array, this.length);
    this.length += values.length;
  }
}

export function buildExamples(set: FeatureSet, data: TrainingData, attributionMs: number, onProgress?: (done: number, total: number) => void): Examples {
  const f = set.dense.length;
  const c = set.fields.length;
  const impressions = data.events.reduce((n, e) => n + (e.type === 'impression' ? 1 : 0), 0);
  const dense = new Growable(impressions * f);
  const cats = new Int32Array(impressions * c);
  const labels = new Float32Array(impressions);
  const weights = new Float32Array(impressions);
  const times = new Float64Array(impressions);
  const results = outcomes(data);
  const replay = new ReplayState(set, data);
  let row = 0;
  let positives = 0;

  data.events.forEach((e, n) => {
    if (e.type === 'impression') {
      // Features from what was known just before the impression.
      const rows = replay.rows(e.user, [data.items[e.item]!], e.at);
      dense.push(rows.dense);
      cats.set(rows.cats, row * c);
      const o = results.get(e.user * data.itemIds.length + e.item);
      const dismissed = within(o?.dismissed, e.at - EARLY_MS, e.at + attributionMs);
      const engaged = !dismissed && within(o?.engaged, e.at - EARLY_MS, e.at + attributionMs);
      labels[row] = engaged ? 1 : 0;
      weights[row] = dismissed ? 2 : 1;
      times[row] = e.at;
      if (engaged) positives += 1;
      row += 1;
    }
    replay.apply(e);
    if (onProgress && n % 50_000 === 0) onProgress(n, data.events.length);
  });
  onProgress?.(data.events.length, data.events.length);
  return { rows: row, dense: dense.data.subarray(0, row * f), cats, labels, weights, times, covis: replay.covis, positives };
}
