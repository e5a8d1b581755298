// Rollback: two trained bundles in the store, the newer one announced last; `npm run model:release
// -- --version <older>` (the CLI as a process, against the embedded broker) announces the older
// bundle again, so the latest release of the model on models.v1 is the older version with its own
// file and card. Missing, tampered and foreign bundles are refused with exit code 2 and nothing
// is announced.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { decodeValue } from '@tessera/contracts/codec';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { TestBroker } from '@tessera/streams/testing';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { appendedCount, collect, eventually, provision, scopeNames, silent, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainOnce } from '../src/train-run.js';
import type { TrainSettings } from '../src/train-run.js';
import { archiveHistory } from './fixture.js';

const run = promisify(execFile);
const MAIN = new URL('../src/release/main.ts', import.meta.url).pathname;
const NOW = Date.UTC(2026, 10, 30, 12);
const settings: TrainSettings = {
  featureSet: LIVE_FEATURES, modelName: 'ctr', archivePrefix: '', windowMs: 24 * 3_600_000, evalPercent: 20,
  attributionMs: 600_000, minPositives: 10, factors: 4, epochs: 2,
};

let broker: TestBroker;
let kafka: Kafka;
let producer: StreamProducer;
let dir: string;
const id = uid('rel');
const names = scopeNames(id);

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker);
  await provision(kafka, names, ['models.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
  dir = await mkdtemp(join(tmpdir(), 'trainer-release-'));
});

afterAll(async () => {
  await producer?.close();
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function releaseCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, KAFKA_BROKERS: broker.brokers.join(','), TOPIC_PREFIX: id, ARCHIVE_DIR: dir, LOG_LEVEL: 'silent', INIT_CWD: dir };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const latest = async (count: number): Promise<ModelRelease[]> => {
  const reader = await collect(kafka, names.physical('models.v1'));
  try {
    const messages = await eventually(() => (reader.messages.length >= count ? reader.messages : undefined), `${count} releases on models.v1`);
    return messages.map((m) => {
      const decoded = decodeValue('models.v1', m.value);
      if (!decoded.ok || !decoded.value) throw new Error('not a release');
      return decoded.value;
    });
  } finally {
    await reader.stop();
  }
};

describe('npm run model:release', () => {
  it('announces an earlier bundle again, and refuses missing or tampered bundles', async () => {
    const store = createLocalStore(dir);
    await archiveHistory(store, names, { impressions: 15_000, hours: 4, seed: 11, now: NOW });
    const publish = (release: ModelRelease) => producer.send('models.v1', [release]);
    const first = await trainOnce({ store, names, publish, logger: silent, now: () => NOW }, settings);
    const second = await trainOnce({ store, names, publish, logger: silent, now: () => NOW + 60_000 }, settings);
    if (!first.published || !second.published) throw new Error('the fixture did not train');
    expect(first.release.version < second.release.version).toBe(true);

    const listed = await releaseCli(['--list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual([first.release.version, second.release.version]);

    const rolled = await releaseCli(['--version', first.release.version]);
    expect(rolled).toMatchObject({ code: 0, stdout: expect.stringContaining(`announced ctr ${first.release.version}`) });
    const releases = await latest(3);
    const last = releases.at(-1)!;
    expect(releases.map((r) => r.version)).toEqual([first.release.version, second.release.version, first.release.version]);
    // The same bundle as the first announcement, announced as a new event.
    const { eventId, occurredAt, ...rest } = last;
    const { eventId: firstEventId, occurredAt: _firstAt, ...firstRest } = first.release;
    expect(rest).toEqual(firstRest);
    expect(eventId).not.toBe(firstEventId);

    const missing = await releaseCli(['--version', '20990101T000000000Z']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('is not in the store') });
    await store.put(second.card.artifacts.onnx, Buffer.from('not the model'), 'application/octet-stream');
    const tampered = await releaseCli(['--version', second.release.version]);
    expect(tampered).toMatchObject({ code: 2, stderr: expect.stringContaining('SHA-256') });
    expect(await releaseCli([])).toMatchObject({ code: 2, stderr: expect.stringContaining('--version or --list is required') });
    // Nothing more was announced: the topic still ends at the third release.
    expect(await appendedCount(kafka, names.physical('models.v1'))).toBe(3);
  }, 300_000);
});
