// `npm run model:baseline -w @tessera/trainer [-- --out DIR]`: trains the baseline model the
// repository ships in models/. The data is the demo history: a seeded simulated day (250 users,
// 300 items, 100,000 lock-screen impressions with their clicks, likes, shares and dismissals;
// simulated-history.ts) archived in a temporary local store; the run is the trainer's own
// (trainOnce, same settings as `npm run train`), ending with the bundle copied to DIR (default:
// the repository's models/ folder) under the same keys it has in a store, `ctr/<version>.*`.
// Nothing is announced on Kafka: `npm run model:release` does that for a bundle in a store.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { createLogger } from '@tessera/platform/logger';
import { topicNames } from '@tessera/streams/topic-names';
import { createProgress } from '../cli/progress.js';
import { trainOnce } from '../train-run.js';
import { archiveHistory } from './simulated-history.js';

const REPO_MODELS = fileURLToPath(new URL('../../../../models/', import.meta.url));
// Fixed, so the baseline is reproducible: the same data, rows, model and version on every run.
export const BASELINE_NOW = Date.UTC(2026, 10, 30, 12);
export const BASELINE_HISTORY = { impressions: 100_000, hours: 6, seed: 3, now: BASELINE_NOW };

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ? resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : REPO_MODELS;
const logger = createLogger({ name: 'model-baseline', level: 'warn' });
const dir = await mkdtemp(join(tmpdir(), 'tessera-baseline-'));
const progress = createProgress();
try {
  const store = createLocalStore(dir);
  const names = topicNames('');
  await archiveHistory(store, names, BASELINE_HISTORY);
  const outcome = await trainOnce({ store, names, logger, now: () => BASELINE_NOW, publish: async () => undefined, progress: progress.report }, {
    featureSet: LIVE_FEATURES, modelName: 'ctr', archivePrefix: '', windowMs: 24 * 3_600_000, evalPercent: 20,
    attributionMs: 10 * 60_000, minPositives: 30, factors: 4, epochs: 3,
  });
  progress.stop();
  if (!outcome.published) throw new Error(`no model: ${outcome.detail}`);
  const { card } = outcome;
  for (const key of [card.artifacts.onnx, card.artifacts.covis, card.artifacts.cardMarkdown, outcome.release.modelCardKey!]) {
    const got = await store.get(key);
    if (!got.ok) throw new Error(`${key}: ${got.error.message}`);
    const target = join(out, key.replace(/^models\//, ''));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, got.value);
  }
  process.stdout.write(`baseline ${card.name} ${card.version}: AUC ${card.metrics.auc.toFixed(4)} (popularity ${card.metrics.baselineAuc.toFixed(4)}), written to ${join(out, card.name)}/\n`);
} finally {
  progress.stop();
  await rm(dir, { recursive: true, force: true });
}
