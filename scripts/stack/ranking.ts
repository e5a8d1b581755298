// The learning half in the local stack: the recommender (windows, user state, feeds on
// recommendations.v2) as a processor, and the trainer on a schedule (the archive -> a model
// bundle under <archive>/models/ -> models.v1, which the recommender hot-swaps in). Both read the
// same local archive directory the archiver writes.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackSettings } from './config.js';
import { TRAINER_RUN_HEAP_MB } from './heap.js';
import { line } from './roster.js';
import type { StackPart } from './roster.js';
import type { Supervisor } from './supervisor.js';

const appDir = (name: string) => fileURLToPath(new URL(`../../apps/${name}/`, import.meta.url));

export interface RankingSettings {
  readonly stack: StackSettings;
  readonly brokers: readonly string[];
  readonly redisUrl: string;
  readonly dataDir: string;
}

export async function startRankingApps(settings: RankingSettings, supervisor: Supervisor): Promise<StackPart> {
  const { stack } = settings;
  const archiveDir = join(settings.dataDir, 'archive');
  const common = { KAFKA_BROKERS: settings.brokers.join(','), ARCHIVE_DIR: archiveDir, PROVISION_TOPICS: 'false', LOG_LEVEL: stack.LOG_LEVEL };
  const recommenderUrl = `http://127.0.0.1:${stack.RECOMMENDER_PORT}`;
  const trainerUrl = `http://127.0.0.1:${stack.TRAINER_PORT}`;
  await Promise.all([
    supervisor.start({
      name: 'recommender', stage: 'processors', cwd: appDir('recommender'), run: { tsx: 'src/main.ts' },
      env: { ...common, REDIS_URL: settings.redisUrl, OPS_PORT: String(stack.RECOMMENDER_PORT) },
      ready: { url: `${recommenderUrl}/readyz` },
    }),
    supervisor.start({
      name: 'trainer', stage: 'sinks', cwd: appDir('trainer'), run: { tsx: 'src/main.ts' },
      env: {
        ...common, OPS_PORT: String(stack.TRAINER_PORT), TRAIN_INTERVAL: String(stack.TRAIN_INTERVAL),
        TRAIN_WINDOW: String(stack.TRAIN_WINDOW), MIN_POSITIVES: String(stack.TRAIN_MIN_POSITIVES), TRAIN_HEAP_MB: String(TRAINER_RUN_HEAP_MB),
      },
      ready: { url: `${trainerUrl}/readyz` },
    }),
  ]);
  return {
    roster: [
      { name: 'recommender', status: 'running', note: `windows, user state, feeds -> recommendations.v2 (metrics ${recommenderUrl}/metrics)` },
      { name: 'trainer', status: 'running', note: `every ${stack.TRAIN_INTERVAL / 1000} s: archive -> ${archiveDir}/models/ -> models.v1 (metrics ${trainerUrl}/metrics)` },
    ],
    lines: [line('recommender', `${recommenderUrl}/metrics   (feeds, windows, model loads)`)],
  };
}
