// The reader over a real directory (the local ObjectStore) holding gzip objects written like the
// archiver writes them: range selection by folder, eventTime filtering, key order, and every kind
// of corrupt input counted, reported and skipped without ending the read.
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchivedLine } from '../src/line.js';
import { createLocalStore } from '../src/object-store/local.js';
import type { ObjectStore, StoreResult } from '../src/object-store/object-store.js';
import { storeError } from '../src/object-store/object-store.js';
import { ArchiveListError, listArchiveObjects, readArchive } from '../src/reader/reader.js';
import { HOUR, lineText, minutes, problemLog, putObject, putRaw, readAll, T0 } from './fixture.js';

const TOPIC = 'interactions.enriched.v1';
const fast = { initialDelayMs: 1, maxDelayMs: 2 };
const every10min = (from: number, to: number) => minutes(from, to).filter((_, i) => i % 10 === 0);
const times = (lines: ArchivedLine[]) => lines.map((l) => l.eventTime);
const coordinates = (lines: ArchivedLine[]) => lines.map((l) => `${l.partition}:${l.offset}`);

let dir: string;
let store: ObjectStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archive-reader-'));
  store = createLocalStore(dir);
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

/** The store, with every get recorded and chosen keys failing as told. */
function watched(fail: (key: string, call: number) => StoreResult<Buffer> | undefined = () => undefined) {
  const gets: string[] = [];
  const wrapped: ObjectStore = {
    ...store,
    get: async (key) => {
      gets.push(key);
      return fail(key, gets.filter((k) => k === key).length) ?? store.get(key);
    },
  };
  return { store: wrapped, gets };
}

describe('reading a time range', () => {
  it('downloads only the hour folders that can hold the range, across a day boundary, and yields the lines inside it', async () => {
    const objects = [];
    for (let h = 0; h < 6; h++) objects.push(await putObject(store, 'arch', TOPIC, 0, h * 6, every10min(T0 + h * HOUR, T0 + (h + 1) * HOUR)));
    const from = T0 + 1.5 * HOUR; // 2026-11-21 23:30
    const to = T0 + 3 * HOUR + 15 * 60_000; // 2026-11-22 01:15
    const { store: spied, gets } = watched();

    const listed = await listArchiveObjects(spied, { prefix: 'arch', topic: TOPIC, fromMs: from, toMs: to });
    expect(listed).toEqual({ ok: true, value: [objects[1]!.key, objects[2]!.key, objects[3]!.key] });
    expect(objects[2]!.key).toContain('/dt=2026-11-22/hr=00/');

    const reader = readArchive({ store: spied, prefix: 'arch', topic: TOPIC, fromMs: from, toMs: to });
    const lines = await readAll(reader);
    expect(gets).toEqual([objects[1]!.key, objects[2]!.key, objects[3]!.key]);
    expect(times(lines)).toEqual([...every10min(from, T0 + 2 * HOUR), ...every10min(T0 + 2 * HOUR, T0 + 3 * HOUR), T0 + 3 * HOUR, T0 + 3 * HOUR + 600_000]);
    expect(lines[0]).toEqual(objects[1]!.lines[3]);
    expect(reader.stats()).toEqual({ objects: 3, lines: 11, skippedLines: 0, corruptObjects: 0, problems: 0 });
  });

  it('keeps fromMs inclusive and toMs exclusive, to the millisecond', async () => {
    const from = T0 + 10 * 60_000;
    const to = T0 + 40 * 60_000;
    await putObject(store, '', TOPIC, 0, 0, [from - 1, from, from + 1, to - 1, to, to + 1]);
    expect(times(await readAll(readArchive({ store, topic: TOPIC, fromMs: from, toMs: to })))).toEqual([from, from + 1, to - 1]);
    expect(times(await readAll(readArchive({ store, topic: TOPIC, fromMs: to })))).toEqual([to, to + 1]);
    expect(times(await readAll(readArchive({ store, topic: TOPIC, toMs: from })))).toEqual([from - 1]);
  });

  it('reads everything in key order (hour, then partition and offset as the key spells them), lines in offset order', async () => {
    // Written out of order on purpose.
    await putObject(store, '', TOPIC, 1, 50, [T0 + HOUR + 1, T0 + HOUR + 2]);
    await putObject(store, '', TOPIC, 0, 7, [T0 + 5, T0 + 6]);
    await putObject(store, '', TOPIC, 2, 3, [T0 + 1]);
    await putObject(store, '', TOPIC, 0, 9, [T0 + HOUR + 9]);
    await putObject(store, '', TOPIC, 0, 5, [T0 + 3, T0 + 4]);
    const lines = await readAll(readArchive({ store, topic: TOPIC }));
    expect(coordinates(lines)).toEqual(['0:5', '0:6', '0:7', '0:8', '2:3', '0:9', '1:50', '1:51']);
  });
});

describe('what else is in the store', () => {
  it('reads only the objects under its prefix and of its topic, and ignores files that are no archive objects', async () => {
    const mine = await putObject(store, 'arch', TOPIC, 0, 0, [T0, T0 + 1]);
    await putObject(store, '', TOPIC, 0, 100, [T0]);
    await putObject(store, 'other', TOPIC, 0, 200, [T0]);
    await putObject(store, 'arch', 'beacons.enriched.v1', 0, 0, [T0]);
    await putObject(store, 'arch', `${TOPIC}.old`, 0, 0, [T0]);
    await putRaw(store, `arch/${TOPIC}/dt=2026-11-21/hr=22/README.txt`, Buffer.from('notes'));
    await putRaw(store, `arch/${TOPIC}/dt=2026-11-21/hr=22/beacons.v1+0+0000000000000000000.ndjson.gz`, Buffer.from('x'));
    const log = problemLog();
    const reader = readArchive({ store, prefix: 'arch', topic: TOPIC, onProblem: log.onProblem });
    expect(await readAll(reader)).toEqual(mine.lines);
    expect(log.problems).toEqual([]);
    expect(coordinates(await readAll(readArchive({ store, topic: TOPIC })))).toEqual(['0:100']);
    expect(coordinates(await readAll(readArchive({ store, prefix: '/other/', topic: TOPIC })))).toEqual(['0:200']);
  });
});

describe('corrupt input', () => {
  it('yields the lines before the break of a truncated gzip object, reports the object and reads the next one', async () => {
    const big = await putObject(store, '', TOPIC, 0, 0, minutes(T0, T0 + HOUR).flatMap((t) => Array.from({ length: 40 }, (_, i) => t + i)));
    const after = await putObject(store, '', TOPIC, 1, 0, [T0 + 7]);
    const whole = await store.get(big.key);
    if (!whole.ok) throw new Error(whole.error.message);
    await putRaw(store, big.key, whole.value.subarray(0, Math.floor(whole.value.length / 2)));

    const log = problemLog();
    const reader = readArchive({ store, topic: TOPIC, onProblem: log.onProblem });
    const lines = await readAll(reader);
    const fromBig = lines.filter((l) => l.partition === 0);
    expect(fromBig.length).toBeGreaterThan(0);
    expect(fromBig.length).toBeLessThan(big.lines.length);
    expect(fromBig).toEqual(big.lines.slice(0, fromBig.length));
    expect(lines.slice(fromBig.length)).toEqual(after.lines);
    expect(log.problems).toEqual([{ kind: 'corrupt_object', key: big.key, message: expect.stringContaining('unexpected end of file') }]);
    expect(reader.stats()).toEqual({ objects: 2, lines: fromBig.length + 1, skippedLines: 0, corruptObjects: 1, problems: 1 });
  });

  it('reports an object that is not gzip or an empty file as corrupt; an empty gzip object is just empty', async () => {
    const key = (offset: number) => `${TOPIC}/dt=2026-11-21/hr=22/${TOPIC}+0+${String(offset).padStart(19, '0')}.ndjson.gz`;
    await putRaw(store, key(0), Buffer.from(lineText(TOPIC, 0, 0, T0))); // NDJSON, never gzipped
    await putRaw(store, key(1), Buffer.alloc(0));
    await putRaw(store, key(2), gzipSync(Buffer.alloc(0)));
    const good = await putObject(store, '', TOPIC, 0, 3, [T0 + 3]);
    const log = problemLog();
    const reader = readArchive({ store, topic: TOPIC, onProblem: log.onProblem });
    expect(await readAll(reader)).toEqual(good.lines);
    expect(log.problems.map((p) => [p.kind, p.key])).toEqual([['corrupt_object', key(0)], ['corrupt_object', key(1)]]);
    expect(log.problems[0]!.message).toMatch(/incorrect header check/);
    expect(reader.stats()).toEqual({ objects: 4, lines: 1, skippedLines: 0, corruptObjects: 2, problems: 2 });
  });

  it('skips lines that are not JSON or not archive lines, with their line numbers, and keeps the good ones around them', async () => {
    const good = [0, 1, 2].map((i) => lineText(TOPIC, 0, i, T0 + i));
    const body = [good[0], '{"topic":"interactions.enriched.v1","partition":0,"off\n', good[1], '{"topic":"x"}\n', '\n', good[2]].join('');
    const key = `${TOPIC}/dt=2026-11-21/hr=22/${TOPIC}+0+0000000000000000000.ndjson.gz`;
    await putRaw(store, key, gzipSync(Buffer.from(body)));
    const log = problemLog();
    const reader = readArchive({ store, topic: TOPIC, onProblem: log.onProblem });
    expect(await readAll(reader)).toEqual(good.map((t) => JSON.parse(t)));
    expect(log.problems.map((p) => [p.kind, p.key, p.line, p.message.split(':')[0]])).toEqual([
      ['bad_line', key, 2, 'invalid_json'],
      ['bad_line', key, 4, 'invalid_line'],
      ['bad_line', key, 5, 'invalid_json'],
    ]);
    expect(reader.stats()).toEqual({ objects: 1, lines: 3, skippedLines: 3, corruptObjects: 0, problems: 3 });
  });

  it('skips a line longer than maxLineBytes', async () => {
    const long = lineText(TOPIC, 0, 1, T0 + 1).replace('"eventId":"', `"eventId":"${'x'.repeat(2_000)}`);
    const body = [lineText(TOPIC, 0, 0, T0), long, lineText(TOPIC, 0, 2, T0 + 2)].join('');
    await putRaw(store, `${TOPIC}/dt=2026-11-21/hr=22/${TOPIC}+0+0000000000000000000.ndjson.gz`, gzipSync(Buffer.from(body)));
    const log = problemLog();
    const lines = await readAll(readArchive({ store, topic: TOPIC, maxLineBytes: 1_000, onProblem: log.onProblem }));
    expect(coordinates(lines)).toEqual(['0:0', '0:2']);
    expect(log.problems).toEqual([expect.objectContaining({ kind: 'bad_line', line: 2, message: 'line longer than 1000 bytes' })]);
  });

  it('counts every kind of problem in the stats, one report each', async () => {
    const a = await putObject(store, '', TOPIC, 0, 0, [T0, T0 + 1, T0 + 2, T0 + 3]);
    const b = `${TOPIC}/dt=2026-11-21/hr=22/${TOPIC}+1+0000000000000000000.ndjson.gz`;
    await putRaw(store, b, gzipSync(Buffer.from(`${lineText(TOPIC, 1, 0, T0 + 1)}oops\n${lineText(TOPIC, 1, 1, T0 + 2)}`)));
    const c = await putObject(store, '', TOPIC, 2, 0, [T0]);
    await putRaw(store, c.key, Buffer.from('garbage'));
    const d = await putObject(store, '', TOPIC, 3, 0, [T0]);
    const { store: failing } = watched((key) => (key === d.key ? storeError('denied', false, 'injected: forbidden') : undefined));
    const log = problemLog();
    const reader = readArchive({ store: failing, topic: TOPIC, fromMs: T0 + 1, onProblem: log.onProblem, retry: fast });
    expect(coordinates(await readAll(reader))).toEqual(['0:1', '0:2', '0:3', '1:0', '1:1']);
    expect(log.problems.map((p) => [p.kind, p.key])).toEqual([['bad_line', b], ['corrupt_object', c.key], ['unreadable_object', d.key]]);
    expect(log.problems[2]!.message).toBe('denied after 1 attempt(s): injected: forbidden');
    expect(reader.stats()).toEqual({ objects: 4, lines: 5, skippedLines: 1, corruptObjects: 1, problems: 3 });
    expect(a.key < b).toBe(true);
  });
});

describe('store errors', () => {
  it('retries a retriable get and reads the object once it answers', async () => {
    const obj = await putObject(store, '', TOPIC, 0, 0, [T0, T0 + 1]);
    const { store: flaky, gets } = watched((_key, call) => (call <= 2 ? storeError('unavailable', true, 'injected: 503') : undefined));
    const log = problemLog();
    expect(await readAll(readArchive({ store: flaky, topic: TOPIC, onProblem: log.onProblem, retry: fast }))).toEqual(obj.lines);
    expect(gets).toEqual([obj.key, obj.key, obj.key]);
    expect(log.problems).toEqual([]);
  });

  it('gives up on an object after the retries and reads the others; a non-retriable error is not retried', async () => {
    const down = await putObject(store, '', TOPIC, 0, 0, [T0]);
    const gone = await putObject(store, '', TOPIC, 1, 0, [T0]);
    const fine = await putObject(store, '', TOPIC, 2, 0, [T0]);
    const { store: failing, gets } = watched((key) => {
      if (key === down.key) return storeError('unavailable', true, 'injected: 503');
      if (key === gone.key) return storeError('not_found', false, 'injected: gone');
      return undefined;
    });
    const log = problemLog();
    const reader = readArchive({ store: failing, topic: TOPIC, onProblem: log.onProblem, retry: { ...fast, attempts: 3 } });
    expect(await readAll(reader)).toEqual(fine.lines);
    expect(gets.filter((k) => k === down.key)).toHaveLength(3);
    expect(gets.filter((k) => k === gone.key)).toHaveLength(1);
    expect(log.problems).toEqual([
      { kind: 'unreadable_object', key: down.key, message: 'unavailable after 3 attempt(s): injected: 503' },
      { kind: 'unreadable_object', key: gone.key, message: 'not_found after 1 attempt(s): injected: gone' },
    ]);
    expect(reader.stats()).toMatchObject({ objects: 3, lines: 1, corruptObjects: 0, problems: 2 });
  });

  it('throws when the listing keeps failing, rather than looking like an empty archive', async () => {
    let calls = 0;
    const broken: ObjectStore = { ...store, list: async () => { calls += 1; return storeError('unavailable', true, 'injected: 503'); } };
    const error = await readAll(readArchive({ store: broken, topic: TOPIC, retry: { ...fast, attempts: 2 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveListError);
    expect(error).toMatchObject({ code: 'list_failed', retriable: true, message: expect.stringContaining('after 2 attempt(s)') });
    expect(calls).toBe(2);
  });
});

describe('the iterator', () => {
  it('stops with the abort reason when the signal fires, and can stop early', async () => {
    await putObject(store, '', TOPIC, 0, 0, minutes(T0, T0 + HOUR));
    await putObject(store, '', TOPIC, 1, 0, minutes(T0, T0 + HOUR));
    const controller = new AbortController();
    const seen: ArchivedLine[] = [];
    const error = await (async () => {
      for await (const line of readArchive({ store, topic: TOPIC, signal: controller.signal })) {
        seen.push(line);
        if (seen.length === 5) controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    expect(error).toEqual(new Error('enough'));
    expect(seen).toHaveLength(5);

    const reader = readArchive({ store, topic: TOPIC });
    for await (const line of reader) if (line.offset === 2) break;
    expect(reader.stats()).toMatchObject({ objects: 1, lines: 3 });
    expect(() => reader[Symbol.asyncIterator]()).toThrow(/iterated once/);
  });

  it('refuses a range bound that is not a number of ms', () => {
    expect(() => readArchive({ store, topic: TOPIC, fromMs: Number.NaN })).toThrow(/fromMs must be a finite number/);
  });
});
