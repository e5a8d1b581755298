// The metadata journal on memory and disk: the cluster id, topics, committed offsets and the
// producer-id counter survive restarts; a torn last line from kill -9 is ignored; snapshots keep the file small.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { config, kv, MODES, openMode } from '../../testing/storage.js';
import type { Mode } from '../../testing/storage.js';
import type { CommittedOffset } from './types.js';

const topic = (name: string, partitions = 3) => ({ name, topicId: `id-${name}`, partitions, configs: { 'cleanup.policy': 'compact' } });
const commit = (group: string, t: string, partition: number, offset: number): CommittedOffset => ({
  group,
  topic: t,
  partition,
  offset,
  metadata: `m${offset}`,
  commitTimestamp: 42,
});

describe.each(MODES)('journal (%s)', (name) => {
  let m: Mode;
  beforeEach(async () => {
    m = await openMode(name);
  });
  afterEach(async () => m.cleanup());

  it('keeps topics, committed offsets and the producer-id counter across restarts', async () => {
    const j = m.store.journal;
    await j.putTopic(topic('a'));
    await j.putTopic(topic('b'));
    await j.putTopic({ ...topic('a'), partitions: 5 });
    await j.deleteTopic('b');
    await j.commitOffsets([commit('g1', 'a', 0, 10), commit('g1', 'a', 1, 11), commit('g2', 'a', 0, 3)]);
    await j.commitOffsets([commit('g1', 'a', 0, 12)]);
    const p1 = await j.nextProducerId();
    const p2 = await j.nextProducerId();
    expect(p2).toBe(p1 + 1);

    const again = (await m.restart()).journal;
    expect(again.topics()).toEqual([{ ...topic('a'), partitions: 5 }]);
    expect(again.offsets('g1').map((o) => [o.partition, o.offset, o.metadata])).toEqual([
      [0, 12, 'm12'],
      [1, 11, 'm11'],
    ]);
    expect(await again.nextProducerId()).toBe(p2 + 1);
    await again.deleteOffsets('g1', 'a', 1);
    expect(again.offsets('g1').map((o) => o.partition)).toEqual([0]);
    await again.deleteOffsets('g1');
    expect(again.offsets('g1')).toEqual([]);
    expect(again.offsets()).toHaveLength(1);
  });

  it("drops a deleted topic's committed offsets", async () => {
    const j = m.store.journal;
    await j.putTopic(topic('a'));
    await j.commitOffsets([commit('g', 'a', 0, 1), commit('g', 'other', 0, 2)]);
    await j.deleteTopic('a');
    expect((await m.restart()).journal.offsets().map((o) => o.topic)).toEqual(['other']);
  });
});

describe('journal crash safety (disk)', () => {
  let m: Mode;
  beforeEach(async () => {
    m = await openMode('disk');
  });
  afterEach(async () => m.cleanup());

  it('survives kill -9 with a torn last line', async () => {
    const j = m.store.journal;
    await j.putTopic(topic('a'));
    await j.commitOffsets([commit('g', 'a', 0, 5)]);
    await j.nextProducerId();
    const file = path.join(m.dataDir!, 'meta.journal');
    fs.appendFileSync(file, '{"op":"commit","offsets":[{"group":"g","topic":"a","partition":0,"off');
    const store = await openStore({ dataDir: m.dataDir!, flush: 'always' }); // old one never closed
    expect(store.journal.topics().map((t) => t.name)).toEqual(['a']);
    expect(store.journal.offsets()[0]!.offset).toBe(5);
    expect(await store.journal.nextProducerId()).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('"off\n');
    await store.close();
  });

  it('gives a journal written before cluster ids one on open and keeps it', async () => {
    await m.store.close();
    const file = path.join(m.dataDir!, 'meta.journal');
    fs.writeFileSync(file, `${JSON.stringify({ op: 'snapshot', state: { topics: [topic('a')], nextProducerId: 7, offsets: [] } })}\n`);
    const first = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    const id = first.journal.clusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.journal.topics().map((t) => t.name)).toEqual(['a']);
    await first.close();
    const second = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    expect(second.journal.clusterId()).toBe(id);
    m.store = second;
  });

  it('compacts the file into a snapshot instead of growing without bound', async () => {
    await m.store.close();
    // Interval flush: this test is about the file's shape, not 6000 fsyncs.
    m.store = await openStore({ dataDir: m.dataDir!, flush: { intervalMs: 60_000 } });
    for (let i = 0; i < 6000; i++) await m.store.journal.commitOffsets([commit('g', 'a', 0, i)]);
    const file = path.join(m.dataDir!, 'meta.journal');
    expect(fs.readFileSync(file, 'utf8').split('\n').length).toBeLessThan(2000);
    const store = await openStore({ dataDir: m.dataDir!, flush: 'always' });
    expect(store.journal.offsets()).toEqual([commit('g', 'a', 0, 5999)]);
    await store.close();
  });
});

describe('interval flush policy', () => {
  it('serves appends and makes them durable on flushAll', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-flush-'));
    const store = await openStore({ dataDir: dir, flush: { intervalMs: 20 } });
    const log = await store.openLog('t', 0, config());
    log.append(kv('a', '1'), 1);
    expect(log.read(0, 1000).length).toBe(kv('a', '1').length);
    await store.flushAll();
    const fresh = await openStore({ dataDir: dir, flush: 'always' });
    expect((await fresh.openLog('t', 0, config())).highWatermark).toBe(1);
    await fresh.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
