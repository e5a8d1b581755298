// The scheduled run in its own child process (src/isolated/): the child reads the archive,
// trains and uploads the bundle, the trainer announces the release it is asked for; a failed
// announcement fails the run with its reason, and a run over TRAIN_HEAP_MB fails with heap_limit
// while the trainer goes on. No Kafka here: `publish` is the trainer's side of the boundary,
// whatever it sends to (main.ts: the producer; train-run.test.ts covers models.v1).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import { loadConfig } from '@tessera/platform/config';
import { scopeNames, uid } from '@tessera/streams/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainerEnv } from '../src/config.js';
import type { TrainerConfig } from '../src/config.js';
import { runInProcess } from '../src/isolated/run-in-process.js';
import { archiveHistory } from './fixture.js';

const id = uid('iso');
let dir: string;

const configWith = (env: Record<string, string> = {}): TrainerConfig => loadConfig(TrainerEnv, {
  ARCHIVE_DIR: dir, TOPIC_PREFIX: id, TRAIN_WINDOW: '12h', LOG_LEVEL: 'silent', ...env,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trainer-iso-'));
  await archiveHistory(createLocalStore(dir), scopeNames(id), { impressions: 30_000, hours: 4, seed: 5, now: Date.now() });
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a scheduled run in its own child process', () => {
  it('trains and uploads in the child, and announces through the trainer once the bundle is stored', async () => {
    const store = createLocalStore(dir);
    const announced: ModelRelease[] = [];
    let modelStoredAtAnnouncement = false;
    const outcome = await runInProcess({
      config: configWith(), cwd: process.cwd(),
      publish: async (release) => {
        modelStoredAtAnnouncement = (await store.get(release.objectKey)).ok;
        announced.push(release);
      },
    });
    expect(outcome.published).toBe(true);
    if (!outcome.published) return;
    expect(announced).toEqual([outcome.release]);
    expect(modelStoredAtAnnouncement).toBe(true);
    expect(outcome.card.rows.train).toBeGreaterThan(1_000);
    expect(outcome.card.metrics.auc).toBeGreaterThan(outcome.card.metrics.baselineAuc);
  }, 300_000);

  it('fails the run with the announcement\'s own error when the trainer cannot announce', async () => {
    const refused = Object.assign(new Error('models.v1: broker unavailable'), { code: 'kafka_unavailable', retriable: true });
    const run = runInProcess({ config: configWith(), cwd: process.cwd(), publish: () => Promise.reject(refused) });
    await expect(run).rejects.toMatchObject({ message: 'models.v1: broker unavailable', code: 'kafka_unavailable', retriable: true });
  }, 300_000);

  it('fails a run that outgrows TRAIN_HEAP_MB with heap_limit, and the next run still works', async () => {
    let announced = 0;
    const publish = async () => { announced += 1; };
    await expect(runInProcess({ config: configWith({ TRAIN_HEAP_MB: '16' }), cwd: process.cwd(), publish }))
      .rejects.toMatchObject({ code: 'heap_limit', message: expect.stringContaining('TRAIN_HEAP_MB=16') });
    expect(announced).toBe(0);
    const next = await runInProcess({ config: configWith(), cwd: process.cwd(), publish });
    expect(next.published).toBe(true);
    expect(announced).toBe(1);
  }, 300_000);

  it('stops a run in progress when the trainer shuts down (aborted: code stopped, nothing announced)', async () => {
    const stopping = new AbortController();
    let announced = 0;
    const run = runInProcess({ config: configWith(), cwd: process.cwd(), publish: async () => { announced += 1; }, signal: stopping.signal });
    stopping.abort();
    await expect(run).rejects.toMatchObject({ code: 'stopped' });
    expect(announced).toBe(0);
  }, 300_000);
});
