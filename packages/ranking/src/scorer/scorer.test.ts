import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createFm, predict } from '../model/fm.js';
import type { FmModel, FmShape } from '../model/fm.js';
import { fmToOnnx } from '../model/fm-onnx.js';
import { inspectWith, modelMetadata } from '../model-file.js';
import { mulberry32 } from '../random.js';
import { createScorer, ScorerError } from './scorer.js';
import type { Scorer } from './scorer.js';

const shape: FmShape = { dense: 4, fields: [10, 3], factors: 2 };

function modelFile(version: string, seed: number, featureSet = 'test-fs-1'): { model: FmModel; bytes: Uint8Array } {
  const random = mulberry32(seed);
  const model = createFm(shape, random);
  model.w.forEach((_, i) => { model.w[i] = random() - 0.5; });
  model.wc.forEach((_, i) => { model.wc[i] = random() - 0.5; });
  const bytes = fmToOnnx(model, modelMetadata({
    name: 'ctr', version, featureSet, denseNames: ['a', 'b', 'c', 'd'], fieldNames: ['f', 'g'], fieldSizes: shape.fields, factors: shape.factors,
  }));
  return { model, bytes };
}

const inspect = inspectWith((meta) => (meta.featureSet === 'test-fs-1' ? undefined : `unknown feature set ${meta.featureSet}`));

function batch(rows: number, seed: number) {
  const random = mulberry32(seed);
  return {
    rows,
    dense: new Float32Array(rows * 4).map(() => random() * 2),
    cats: new Int32Array(rows * 2).map((_, i) => Math.floor(random() * shape.fields[i % 2]!)),
  };
}

let scorer: Scorer | undefined;
afterEach(async () => { await scorer?.close(); scorer = undefined; });

describe('Scorer', () => {
  it('scores on worker threads with the loaded model and says which version answered', async () => {
    scorer = createScorer({ inspect, workers: 2 });
    await expect(scorer.score(batch(3, 1))).rejects.toMatchObject({ code: 'no_model' });
    const { model, bytes } = modelFile('v1', 1);
    expect(await scorer.load(bytes)).toMatchObject({ name: 'ctr', version: 'v1', dims: { dense: 4, fields: 2 } });
    const b = batch(500, 2);
    const { scores, version } = await scorer.score(b);
    expect(version).toBe('v1');
    const js = predict(model, b);
    for (let i = 0; i < b.rows; i += 1) expect(Math.abs(scores[i]! - js[i]!)).toBeLessThan(1e-5);
  });

  it('swaps models under continuous load without failing or dropping a request', async () => {
    scorer = createScorer({ inspect, workers: 2 });
    const files = [modelFile('v1', 1), modelFile('v2', 2), modelFile('v3', 3)];
    const byVersion = new Map(files.map((f, i) => [`v${i + 1}`, f.model]));
    await scorer.load(files[0]!.bytes);
    const s = scorer;
    let stop = false;
    const seen = new Map<string, number>();
    const clients = Array.from({ length: 4 }, async (_, c) => {
      let n = 0;
      while (!stop) {
        const b = batch(100, c * 100_000 + n);
        const { scores, version } = await s.score(b);
        const expected = predict(byVersion.get(version)!, b);
        for (let i = 0; i < b.rows; i += 1) expect(Math.abs(scores[i]! - expected[i]!)).toBeLessThan(1e-5);
        seen.set(version, (seen.get(version) ?? 0) + 1);
        n += 1;
      }
      return n;
    });
    const waitFor = async (version: string) => { while ((seen.get(version) ?? 0) < 20) await new Promise((r) => setTimeout(r, 5)); };
    await waitFor('v1');
    await s.load(files[1]!.bytes);
    await waitFor('v2');
    await s.load(files[2]!.bytes);
    await waitFor('v3');
    stop = true;
    const counts = await Promise.all(clients);
    expect(counts.reduce((a, b) => a + b, 0)).toBe([...seen.values()].reduce((a, b) => a + b, 0));
    expect(s.current()?.version).toBe('v3');
  });

  it('releases the replaced session on every hot swap, also under load and after a refused file: one live session per worker (counted)', async () => {
    scorer = createScorer({ inspect, workers: 2 });
    expect(await scorer.liveSessions()).toEqual([0, 0]);
    await scorer.load(modelFile('v1', 1).bytes);
    const s = scorer;
    let stop = false;
    const seen = new Set<string>();
    const clients = Array.from({ length: 3 }, async (_, c) => {
      for (let n = 0; !stop; n += 1) seen.add((await s.score(batch(50, c * 1_000 + n))).version);
    });
    for (let v = 2; v <= 12; v += 1) {
      await s.load(modelFile(`v${v}`, v).bytes);
      while (!seen.has(`v${v}`)) await new Promise((r) => setTimeout(r, 5));
    }
    // Prepared on every worker and refused by the runtime (the graph wants 6 dense inputs): released too.
    const wide = fmToOnnx(createFm({ dense: 6, fields: [10, 3], factors: 2 }, mulberry32(4)), modelMetadata({
      name: 'ctr', version: 'bad', featureSet: 'test-fs-1', denseNames: ['a', 'b', 'c', 'd'], fieldNames: ['f', 'g'], fieldSizes: [10, 3], factors: 2,
    }));
    await expect(s.load(wide)).rejects.toMatchObject({ code: 'invalid_model' });
    stop = true;
    await Promise.all(clients);
    expect(await s.liveSessions()).toEqual([1, 1]);
    expect(s.current()?.version).toBe('v12');
  });

  it('refuses a corrupt file, a truncated file and an unknown feature set, and keeps serving the previous model', async () => {
    scorer = createScorer({ inspect, workers: 2 });
    const good = modelFile('v1', 1);
    await scorer.load(good.bytes);
    const refusals = [
      new Uint8Array([1, 2, 3, 4, 5]),
      good.bytes.subarray(0, good.bytes.length - 40),
      modelFile('v9', 9, 'other-fs-7').bytes,
    ];
    for (const bytes of refusals) {
      const error = await scorer.load(bytes).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ScorerError);
      expect(error).toMatchObject({ code: 'invalid_model', retriable: false });
    }
    expect((await scorer.load(modelFile('v9', 9, 'other-fs-7').bytes).catch((e: Error) => e.message))).toMatch(/unknown feature set other-fs-7/);
    expect(scorer.current()?.version).toBe('v1');
    expect((await scorer.score(batch(5, 3))).version).toBe('v1');
  });

  it('refuses a file whose graph does not run with the declared inputs (wrong sizes)', async () => {
    scorer = createScorer({ inspect, workers: 1 });
    await scorer.load(modelFile('v1', 1).bytes);
    // Metadata says 4 dense features, the graph was built for 6.
    const random = mulberry32(4);
    const wide = createFm({ dense: 6, fields: [10, 3], factors: 2 }, random);
    const bytes = fmToOnnx(wide, modelMetadata({
      name: 'ctr', version: 'bad', featureSet: 'test-fs-1', denseNames: ['a', 'b', 'c', 'd'], fieldNames: ['f', 'g'], fieldSizes: [10, 3], factors: 2,
    }));
    await expect(scorer.load(bytes)).rejects.toMatchObject({ code: 'invalid_model' });
    expect((await scorer.score(batch(2, 1))).version).toBe('v1');
  });

  it('replaces a worker that dies, with the current model, failing only its own requests', async () => {
    const threads: Worker[] = [];
    const lost: Error[] = [];
    scorer = createScorer({ inspect, workers: 1, onWorkerStarted: (t) => threads.push(t), onWorkerLost: (e) => lost.push(e) });
    await scorer.load(modelFile('v1', 1).bytes);
    await threads[0]!.terminate();
    const { version } = await scorer.score(batch(10, 5));
    expect(version).toBe('v1');
    expect(threads).toHaveLength(2);
    expect(lost).toHaveLength(1);
  });
});
