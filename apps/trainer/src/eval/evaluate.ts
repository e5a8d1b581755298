// Offline evaluation of a log with one held-out interaction per user (the last by timestamp,
// file order breaking ties): every other interaction is known, and each user gets a full ranking
// of every item they have not interacted with (no sampled negatives). Tessera's ranking is
// compared in the same run with two baselines: all-time popularity over the known interactions,
// and windowed popularity (interactions in the 30 days before the user's held-out time; ties by
// all-time count). HR@K = share of users whose held-out item is in their top K; NDCG@K weighs a
// hit at zero-based rank r by 1/log2(r + 2).
import { LOG_FEATURES, refuseModel } from '@tessera/features/feature-set';
import type { FeatureSet } from '@tessera/features/feature-set';
import { topKGain } from '@tessera/ranking/metrics';
import { inspectWith } from '@tessera/ranking/model-file';
import { createScorer } from '@tessera/ranking/scorer';
import { DEFAULT_COVIS } from '@tessera/ranking/retrieval/co-visitation';
import type { InteractionLog, LogEvent } from './interaction-log.js';
import { buildWorld } from './offline-world.js';
import { trainRanker } from './ranker-training.js';
import type { RankerOptions } from './ranker-training.js';
import { DEFAULT_CANDIDATES, userCandidates } from './tessera-ranker.js';
import type { CandidateOptions } from './tessera-ranker.js';
import { SlidingCounts } from './windowed-counts.js';

export interface Metrics {
  hr: number;
  ndcg: number;
}

export interface EvalReport {
  users: number;
  items: number;
  interactions: number;
  k: number;
  results: { tessera: Metrics; popularity: Metrics; windowed_popularity: Metrics };
}

export interface EvalDetails {
  readonly trainingExamples: number;
  readonly trainingUsers: number;
  /** Share of users whose held-out item was among Tessera's candidates. */
  readonly candidateRecall: number;
  readonly seconds: number;
}

export interface EvalOptions {
  readonly k?: number;
  readonly featureSet?: FeatureSet;
  readonly windowMs?: number;
  readonly candidates?: CandidateOptions;
  readonly ranker?: Partial<RankerOptions>;
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

export const WINDOW_MS = 30 * 24 * 3_600_000;
// Keep equal to ranker-training.ts DEFAULTS.validationSteps.
export const DEFAULT_VALIDATION_STEPS = 3;

/** Events of each user in time order (file order on ties). */
export function eventsByUser(log: InteractionLog): LogEvent[][] {
  const perUser: LogEvent[][] = log.userIds.map(() => []);
  for (const e of log.events) perUser[e.user]!.push(e);
  for (const events of perUser) events.sort((a, b) => a.at - b.at || a.order - b.order);
  return perUser;
}

/** Zero-based rank of `target` among items not excluded: items strictly better by (score, tie, lower index). */
export function rankOf(target: number, score: ArrayLike<number>, tie: ArrayLike<number>, exclude: (item: number) => boolean, skip?: (item: number) => boolean): number {
  const s = score[target]!;
  const t = tie[target]!;
  let rank = 0;
  for (let j = 0; j < score.length; j += 1) {
    if (j === target || exclude(j) || (skip && skip(j))) continue;
    const sj = score[j]!;
    if (sj > s || (sj === s && (tie[j]! > t || (tie[j] === t && j < target)))) rank += 1;
  }
  return rank;
}

export async function evaluateLog(log: InteractionLog, options: EvalOptions = {}): Promise<{ report: EvalReport; details: EvalDetails }> {
  const started = performance.now();
  const k = options.k ?? 10;
  const set = options.featureSet ?? LOG_FEATURES;
  const windowMs = options.windowMs ?? WINDOW_MS;
  const candidateOptions = options.candidates ?? DEFAULT_CANDIDATES;
  const progress = options.onProgress ?? (() => undefined);
  const perUser = eventsByUser(log);
  const itemIndex = new Map(log.itemIds.map((id, i) => [id, i]));
  const evaluated = perUser.map((events, user) => ({ user, test: events[events.length - 1] })).filter((u) => u.test !== undefined) as { user: number; test: LogEvent }[];

  // The ranker learns from the steps before: each user's earlier interactions (second-to-last,
  // third-to-last, ...), each seen from the interactions that preceded it.
  const steps = options.ranker?.validationSteps ?? DEFAULT_VALIDATION_STEPS;
  const validation = Array.from({ length: steps }, (_, s) => {
    progress('building training worlds', s, steps);
    const held = s + 2; // the test item and the s items after this step's target
    const known = perUser.map((events) => events.slice(0, Math.max(0, events.length - held)));
    const world = buildWorld(set, log, known, DEFAULT_COVIS);
    const targets = perUser.flatMap((events, user) => (events.length >= held + 1 ? [{ user, target: events[events.length - held]! }] : []));
    return { world, targets };
  });
  progress('building training worlds', steps, steps);
  const ranker = trainRanker(set, log, itemIndex, validation, { windowMs, candidates: candidateOptions, ...options.ranker }, (d, t) => progress('training the ranker', d, t));

  const scorer = createScorer({ inspect: inspectWith((meta) => refuseModel(meta, set)), workers: 1 });
  try {
    await scorer.load(ranker.modelFile);
    const testWorld = buildWorld(set, log, perUser.map((events) => events.slice(0, -1)), DEFAULT_COVIS);
    const sliding = new SlidingCounts(testWorld.timeline, log.itemIds.length, windowMs);
    const totals = { tessera: { hr: 0, ndcg: 0 }, popularity: { hr: 0, ndcg: 0 }, windowed_popularity: { hr: 0, ndcg: 0 } };
    let recalled = 0;
    const add = (m: Metrics, rank: number) => {
      const g = topKGain(rank, k);
      m.hr += g.hit;
      m.ndcg += g.ndcg;
    };
    const order = [...evaluated].sort((a, b) => a.test.at - b.test.at || a.test.order - b.test.order);
    for (let n = 0; n < order.length; n += 1) {
      const { user, test } = order[n]!;
      const known = testWorld.known[user]!;
      const exclude = (item: number) => known.has(item);
      const windowed = sliding.at(test.at);
      add(totals.popularity, rankOf(test.item, testWorld.allTime, testWorld.allTime, exclude));
      add(totals.windowed_popularity, rankOf(test.item, windowed, testWorld.allTime, exclude));

      const { items, rows } = userCandidates(set, log, itemIndex, testWorld, user, test.at, windowed, candidateOptions);
      const position = items.indexOf(test.item);
      if (position >= 0) {
        recalled += 1;
        const { scores } = rows.rows > 0 ? await scorer.score(rows) : { scores: new Float32Array(0) };
        let rank = 0;
        for (let c = 0; c < items.length; c += 1) if (c !== position && (scores[c]! > scores[position]! || (scores[c] === scores[position] && c < position))) rank += 1;
        add(totals.tessera, rank);
      } else if (items.length < k) {
        const inCandidates = new Set(items);
        add(totals.tessera, items.length + rankOf(test.item, windowed, testWorld.allTime, exclude, (j) => inCandidates.has(j)));
      }
      if (n % 100 === 0 || n === order.length - 1) progress('ranking held-out items', n + 1, order.length);
    }
    const users = evaluated.length;
    const mean = (m: Metrics): Metrics => ({ hr: users > 0 ? m.hr / users : 0, ndcg: users > 0 ? m.ndcg / users : 0 });
    return {
      report: {
        users,
        items: log.itemIds.length,
        interactions: log.events.length,
        k,
        results: { tessera: mean(totals.tessera), popularity: mean(totals.popularity), windowed_popularity: mean(totals.windowed_popularity) },
      },
      details: {
        trainingExamples: ranker.examples,
        trainingUsers: ranker.users,
        candidateRecall: users > 0 ? recalled / users : 0,
        seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    await scorer.close();
  }
}
