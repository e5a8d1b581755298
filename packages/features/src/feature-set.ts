// The one definition of every model input: names and order of the dense columns, the categorical
// fields with their sizes, and the popularity windows the counts are taken over. The trainer
// (offline, from the archive), the recommender (online, from Redis) and the offline evaluation all
// build vectors with vectorize.ts against one of these sets, and every model file records the id
// of the set it was trained with. Changing a name, the order, a size or a window is a new id: a
// model of an id the running code does not know is refused, never fed shifted columns.

export interface DenseFeature {
  readonly name: string;
  readonly description: string;
}

export interface CategoricalField {
  readonly name: string;
  /** Ids 0..size-1; 0 is "unknown". */
  readonly size: number;
  readonly description: string;
}

/** A sliding window of event-time buckets: the counts of the `ms / bucketMs` buckets ending with the current one. */
export interface CountWindow {
  readonly ms: number;
  readonly bucketMs: number;
}

export interface FeatureSet {
  readonly id: string;
  readonly description: string;
  /** Short, mid and long popularity windows. */
  readonly windows: readonly [CountWindow, CountWindow, CountWindow];
  /** Half-life of the decayed user affinities (user-state.ts). */
  readonly affinityHalfLifeMs: number;
  /**
   * Events that reach the server later than this after they happened are left out of the
   * popularity counts (popularity.ts withinGrace); they still update the user's state.
   */
  readonly graceMs: number;
  readonly dense: readonly DenseFeature[];
  readonly fields: readonly CategoricalField[];
}

const DENSE: readonly DenseFeature[] = [
  { name: 'covis_recent', description: 'Co-visitation similarity of the item to the user\'s recent engagements, newer ones weighted more' },
  { name: 'covis_last', description: 'Co-visitation similarity of the item to the user\'s latest engagement' },
  { name: 'covis_next', description: 'How often the item followed the user\'s latest engagement in others\' sequences (directed)' },
  { name: 'affinity_max', description: 'The user\'s decayed affinity for the item\'s best category, as a share of all their affinity' },
  { name: 'affinity_sum', description: 'Sum of the user\'s affinity shares over the item\'s categories' },
  { name: 'affinity_source', description: 'The user\'s decayed affinity for the item\'s source, as a share' },
  { name: 'interest_match', description: '1 when one of the item\'s categories is a declared interest of the user' },
  { name: 'language_match', description: '1 when the item is in one of the user\'s languages, 0 when not, 0.5 when either is unknown' },
  { name: 'region_match', description: '1 when the item is for everywhere or the user\'s country, 0 when not, 0.5 when unknown' },
  { name: 'pop_short', description: 'log(1 + engagements with the item in the short window)' },
  { name: 'pop_mid', description: 'log(1 + engagements in the mid window)' },
  { name: 'pop_long', description: 'log(1 + engagements in the long window)' },
  { name: 'pop_total', description: 'log(1 + engagements with the item so far)' },
  { name: 'trend', description: 'Short-window engagement rate against the mid window\'s, log ratio (trending, not volume)' },
  { name: 'ctr_mid', description: 'Smoothed engagements per impression of the item in the mid window' },
  { name: 'ctr_long', description: 'Smoothed engagements per impression of the item in the long window' },
  { name: 'item_age', description: 'log(1 + hours since the item was published, or first engaged with)' },
  { name: 'item_idle', description: 'log(1 + hours since anyone last engaged with the item)' },
  { name: 'user_activity', description: 'log(1 + the user\'s engagements so far)' },
  { name: 'seen', description: '1 when the item was shown to the user in the last 7 days (a feed shows such items only when it runs out)' },
  { name: 'hour_sin', description: 'sin of the user\'s local hour of day (0 when unknown)' },
  { name: 'hour_cos', description: 'cos of the user\'s local hour of day (0 when unknown)' },
  { name: 'weekend', description: '1 on Saturday and Sunday in the user\'s time zone' },
];

const FIELDS: readonly CategoricalField[] = [
  { name: 'kind', size: 8, description: 'ContentItem.kind' },
  { name: 'category', size: 64, description: 'The item\'s main category, hashed' },
  { name: 'priority', size: 4, description: 'ContentItem.priority' },
  { name: 'local_hour', size: 25, description: 'The user\'s local hour, 1..24' },
  { name: 'age_band', size: 8, description: 'UserProfile.ageBand' },
];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the live recommender computes from Redis: windows of the last minute, 5 minutes and hour. */
export const LIVE_FEATURES: FeatureSet = {
  id: 'live-1',
  description: 'Lock-screen CTR features; popularity over 1 min (10 s buckets), 5 min (1 min) and 1 h (5 min); affinity half-life 1 day; events more than 5 min late are not counted',
  windows: [{ ms: MINUTE, bucketMs: 10 * SECOND }, { ms: 5 * MINUTE, bucketMs: MINUTE }, { ms: HOUR, bucketMs: 5 * MINUTE }],
  affinityHalfLifeMs: DAY,
  graceMs: 5 * MINUTE,
  dense: DENSE,
  fields: FIELDS,
};

/** The same features over day-scale windows, for interaction logs that span months (offline evaluation). */
export const LOG_FEATURES: FeatureSet = {
  id: 'log-1',
  description: 'The live features over months-long logs: popularity over 1 day (1 h buckets), 7 and 30 days (1 day buckets); affinity half-life 60 days',
  windows: [{ ms: DAY, bucketMs: HOUR }, { ms: 7 * DAY, bucketMs: DAY }, { ms: 30 * DAY, bucketMs: DAY }],
  affinityHalfLifeMs: 60 * DAY,
  graceMs: Number.POSITIVE_INFINITY,
  dense: DENSE,
  fields: FIELDS,
};

export const FEATURE_SETS: Readonly<Record<string, FeatureSet>> = {
  [LIVE_FEATURES.id]: LIVE_FEATURES,
  [LOG_FEATURES.id]: LOG_FEATURES,
};

/** The index of a dense feature by name (for tests and explanations). */
export function denseIndex(set: FeatureSet, name: string): number {
  const i = set.dense.findIndex((f) => f.name === name);
  if (i < 0) throw new RangeError(`feature set ${set.id} has no dense feature ${name}`);
  return i;
}

export interface ModelInputs {
  readonly featureSet: string;
  readonly denseNames: readonly string[];
  readonly fieldNames: readonly string[];
  readonly fieldSizes: readonly number[];
}

/**
 * Whether a model trained on `inputs` can be fed by code computing `running`: the same set id and
 * exactly the same columns. Returns the reason for refusing, or undefined.
 */
export function refuseModel(inputs: ModelInputs, running: FeatureSet): string | undefined {
  if (inputs.featureSet !== running.id) {
    const known = FEATURE_SETS[inputs.featureSet] ? 'a set this service does not compute' : 'unknown to this code';
    return `model was trained on feature set "${inputs.featureSet}" (${known}); this service computes "${running.id}"`;
  }
  const same = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(inputs.denseNames, running.dense.map((f) => f.name))) return `model's dense columns differ from feature set ${running.id}`;
  if (!same(inputs.fieldNames, running.fields.map((f) => f.name)) || !same(inputs.fieldSizes, running.fields.map((f) => f.size))) {
    return `model's categorical fields differ from feature set ${running.id}`;
  }
  return undefined;
}
