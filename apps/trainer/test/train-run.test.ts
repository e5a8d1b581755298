// The trainer end to end on an archive: a simulated history with a known ground truth is archived
// the way the archiver writes it (local directory, and GCS through the real client against the
// loopback fake), a run trains, evaluates, uploads the bundle and announces the release on
// models.v1 of the embedded broker; damaged objects are skipped and counted.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createGcsStore } from '@tessera/archive/object-store/gcs';
import { createLocalStore } from '@tessera/archive/object-store/local';
import type { ObjectStore } from '@tessera/archive/object-store';
import { decodeValue } from '@tessera/contracts/codec';
import type { ModelRelease } from '@tessera/contracts/schemas/model-release';
import type { TestBroker } from '@tessera/streams/testing';
import { LIVE_FEATURES } from '@tessera/features/feature-set';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { decodeCovis } from '@tessera/ranking/bundle';
import type { ModelCard } from '@tessera/ranking/bundle';
import { auc } from '@tessera/ranking/metrics';
import { readModelFile } from '@tessera/ranking/model-file';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { collect, eventually, provision, scopeNames, silent, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainOnce } from '../src/train-run.js';
import type { TrainSettings } from '../src/train-run.js';
import { archiveHistory } from './fixture.js';

const NOW = Date.UTC(2026, 10, 30, 12);
const settings: TrainSettings = {
  featureSet: LIVE_FEATURES, modelName: 'ctr', archivePrefix: '', windowMs: 24 * 3_600_000, evalPercent: 20,
  attributionMs: 600_000, minPositives: 30, factors: 4, epochs: 3,
};

let broker: TestBroker;
let kafka: Kafka;
let producer: StreamProducer;
const id = uid('tr');
const names = scopeNames(id);
const dirs: string[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker);
  await provision(kafka, names, ['models.v1']);
  producer = createProducer({ kafka, names });
  await producer.connect();
});

afterAll(async () => {
  await producer?.close();
  await broker?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function localStore(): Promise<ObjectStore> {
  const dir = await mkdtemp(join(tmpdir(), 'trainer-'));
  dirs.push(dir);
  return createLocalStore(dir);
}

const publish = (release: ModelRelease) => producer.send('models.v1', [release]);

async function getJson<T>(store: ObjectStore, key: string): Promise<T> {
  const got = await store.get(key);
  if (!got.ok) throw new Error(got.error.message);
  return JSON.parse(got.value.toString('utf8')) as T;
}

describe('trainOnce', () => {
  it('learns the hidden preferences to within 0.05 AUC of the Bayes scorer, uploads the bundle and announces it on models.v1', async () => {
    const store = await localStore();
    const history = await archiveHistory(store, names, { impressions: 100_000, hours: 6, seed: 3, now: NOW });
    const outcome = await trainOnce({ store, names, publish, logger: silent, now: () => NOW }, settings);
    expect(outcome.published).toBe(true);
    if (!outcome.published) return;
    const { release, card } = outcome;

    // Bayes AUC over the same evaluation impressions (true click probabilities vs clicks).
    const evalImpressions = history.events.filter((e) => e.type === 'impression' && e.occurredAt >= release.evaluationWindow.from);
    const clicks = new Set(history.events.filter((e) => e.type === 'click').map((e) => `${e.feedId}|${e.contentId}`));
    const bayes = auc(evalImpressions.map((e) => history.truth.get(e.eventId)!), evalImpressions.map((e) => (clicks.has(`${e.feedId}|${e.contentId}`) ? 1 : 0)));
    expect(card.rows.eval).toBe(evalImpressions.length);
    expect(bayes - card.metrics.auc).toBeLessThan(0.05);
    expect(card.metrics.auc).toBeGreaterThan(card.metrics.baselineAuc + 0.1);
    expect(card.parity.maxAbsDiff).toBeLessThanOrEqual(1e-5);

    // The bundle: the model file (with its sha256 and metadata), the index, both cards.
    const onnx = await store.get(release.objectKey);
    expect(onnx.ok).toBe(true);
    if (!onnx.ok) return;
    expect(createHash('sha256').update(onnx.value).digest('hex')).toBe(release.sha256);
    expect(readModelFile(onnx.value)).toMatchObject({ ok: true, value: { name: 'ctr', version: release.version, featureSet: LIVE_FEATURES.id } });
    expect(await getJson<ModelCard>(store, release.modelCardKey!)).toMatchObject({ version: release.version, metrics: card.metrics });
    const covis = await store.get(card.artifacts.covis);
    expect(covis.ok && Object.keys(decodeCovis(covis.value).items).length).toBeGreaterThan(50);
    expect((await store.get(card.artifacts.cardMarkdown)).ok).toBe(true);
    expect(release.objectKey).toBe(`models/ctr/${release.version}.onnx`);

    // The announcement, as any consumer of models.v1 reads it.
    const reader = await collect(kafka, names.physical('models.v1'));
    try {
      const message = await eventually(() => reader.messages.find((m) => m.key?.toString() === 'ctr'), 'the release on models.v1');
      expect(decodeValue('models.v1', message.value)).toEqual({ ok: true, value: release });
    } finally {
      await reader.stop();
    }
  }, 300_000);

  it('skips and counts truncated objects and bad lines instead of failing', async () => {
    const store = await localStore();
    await archiveHistory(store, names, { impressions: 20_000, hours: 4, seed: 5, now: NOW });
    const topic = names.physical('interactions.enriched.v1');
    const folder = `${topic}/dt=2026-11-30/hr=10`;
    const good = gzipSync(Buffer.from('{"not":"an archive line"}\nnot json at all\n'));
    await store.put(`${folder}/${topic}+7+0000000000000000000.ndjson.gz`, good, 'application/x-ndjson');
    const truncated = gzipSync(Buffer.from('x'.repeat(10_000))).subarray(0, 40);
    await store.put(`${folder}/${topic}+8+0000000000000000000.ndjson.gz`, truncated, 'application/x-ndjson');
    const outcome = await trainOnce({ store, names, publish, logger: silent, now: () => NOW }, { ...settings, minPositives: 10 });
    expect(outcome.published).toBe(true);
    if (!outcome.published) return;
    expect(outcome.card.archive.corruptObjects).toBe(1);
    expect(outcome.card.archive.skippedLines).toBe(2);
  });

  it('publishes nothing, and says why, when the window holds too little', async () => {
    const store = await localStore();
    const outcome = await trainOnce({ store, names, publish, logger: silent, now: () => NOW }, settings);
    expect(outcome).toMatchObject({ published: false, reason: 'not_enough_data' });
  });

  describe('on GCS', () => {
    let fake: FakeGcp;
    beforeAll(async () => { fake = await startFakeGcp(); });
    afterAll(async () => { await fake?.close(); });

    it('reads the archive and writes the bundle through the real storage client', async () => {
      const store = createGcsStore({ bucket: 'archive-bucket', projectId: 'p', apiEndpoint: fake.url, maxRetries: 0 });
      await archiveHistory(store, names, { impressions: 20_000, hours: 4, seed: 7, now: NOW });
      const outcome = await trainOnce({ store, names, publish, logger: silent, now: () => NOW }, { ...settings, minPositives: 10 });
      expect(outcome.published).toBe(true);
      if (!outcome.published) return;
      const listed = await store.list('models/ctr/');
      expect(listed.ok && listed.value).toEqual([
        `models/ctr/${outcome.release.version}.card.json`,
        `models/ctr/${outcome.release.version}.card.md`,
        `models/ctr/${outcome.release.version}.covis.json.gz`,
        `models/ctr/${outcome.release.version}.onnx`,
      ]);
    });
  });
});
