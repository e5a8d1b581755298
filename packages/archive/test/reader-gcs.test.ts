// The reader through the GCS ObjectStore: the real @google-cloud/storage client against the
// loopback @tessera/gcp-fake, objects uploaded by the same store the archiver uses. Range
// selection, prefix and other topics, corrupt input, and the fake's injected HTTP failures.
import { gzipSync } from 'node:zlib';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/object-store/gcs.js';
import type { ObjectStore } from '../src/object-store/object-store.js';
import { ArchiveListError, readArchive } from '../src/reader/reader.js';
import { HOUR, lineText, minutes, problemLog, putObject, putRaw, readAll, T0 } from './fixture.js';

process.env.METADATA_SERVER_DETECTION = 'none';
const TOPIC = 'interactions.enriched.v1';
const BUCKET = 'tessera-archive';
const fast = { initialDelayMs: 1, maxDelayMs: 2 };

let fake: FakeGcp;
let store: ObjectStore;
beforeEach(async () => {
  fake = await startFakeGcp();
  // No retries inside the client: the reader's own retries are under test.
  store = createGcsStore({ bucket: BUCKET, projectId: 'p', apiEndpoint: fake.url, maxRetries: 0 });
});
afterEach(async () => { await fake.close(); });

const downloads = () => fake.requests.filter((r) => r.method === 'GET' && r.query.alt === 'media').map((r) => r.path.replace(`/storage/v1/b/${BUCKET}/o/`, ''));

describe('reading the archive from GCS', () => {
  it('selects the hours of the range under the prefix, skips other topics, and reads lines in key order', async () => {
    const hours = [];
    for (let h = 0; h < 4; h++) hours.push(await putObject(store, 'raw', TOPIC, 0, h * 60, minutes(T0 + h * HOUR, T0 + (h + 1) * HOUR)));
    const second = await putObject(store, 'raw', TOPIC, 1, 0, [T0 + 2 * HOUR + 30 * 60_000]);
    await putObject(store, 'raw', 'beacons.enriched.v1', 0, 0, [T0 + 2 * HOUR]);
    await putObject(store, '', TOPIC, 0, 0, [T0 + 2 * HOUR]);

    const from = T0 + 2 * HOUR - 60_000;
    const to = T0 + 3 * HOUR + 1;
    const reader = readArchive({ store, prefix: 'raw', topic: TOPIC, fromMs: from, toMs: to });
    const lines = await readAll(reader);
    expect(downloads()).toEqual([hours[1]!.key, hours[2]!.key, second.key, hours[3]!.key]);
    expect(lines).toEqual([...hours[1]!.lines.slice(-1), ...hours[2]!.lines, ...second.lines, ...hours[3]!.lines.slice(0, 1)]);
    expect(reader.stats()).toEqual({ objects: 4, lines: 63, skippedLines: 0, corruptObjects: 0, problems: 0 });
  });

  it('counts and reports a truncated object, a non-gzip object and a bad line, and reads on', async () => {
    const big = await putObject(store, '', TOPIC, 0, 0, minutes(T0, T0 + HOUR).flatMap((t) => Array.from({ length: 40 }, (_, i) => t + i)));
    const stored = fake.gcs.objects.get(`${BUCKET}/${big.key}`)!;
    stored.body = stored.body.subarray(0, stored.body.length - 100);
    const plain = `${TOPIC}/dt=2026-11-21/hr=22/${TOPIC}+1+0000000000000000000.ndjson.gz`;
    await putRaw(store, plain, Buffer.from(lineText(TOPIC, 1, 0, T0)));
    const mixed = `${TOPIC}/dt=2026-11-21/hr=22/${TOPIC}+2+0000000000000000000.ndjson.gz`;
    await putRaw(store, mixed, gzipSync(Buffer.from(`${lineText(TOPIC, 2, 0, T0)}{"truncated":\n${lineText(TOPIC, 2, 1, T0)}`)));

    const log = problemLog();
    const reader = readArchive({ store, topic: TOPIC, onProblem: log.onProblem });
    const lines = await readAll(reader);
    const fromBig = lines.filter((l) => l.partition === 0);
    expect(fromBig.length).toBeGreaterThan(0);
    expect(fromBig).toEqual(big.lines.slice(0, fromBig.length));
    expect(lines.filter((l) => l.partition === 2).map((l) => l.offset)).toEqual([0, 1]);
    expect(log.problems.map((p) => [p.kind, p.key, p.line])).toEqual([
      ['corrupt_object', big.key, undefined],
      ['corrupt_object', plain, undefined],
      ['bad_line', mixed, 2],
    ]);
    expect(reader.stats()).toEqual({ objects: 3, lines: fromBig.length + 2, skippedLines: 1, corruptObjects: 2, problems: 3 });
  });

  it('retries a download that failed with 503, and reports an object that keeps failing or is gone', async () => {
    const a = await putObject(store, '', TOPIC, 0, 0, [T0]);
    const b = await putObject(store, '', TOPIC, 1, 0, [T0]);
    const c = await putObject(store, '', TOPIC, 2, 0, [T0]);
    const d = await putObject(store, '', TOPIC, 3, 0, [T0]);
    const path = (key: string) => new RegExp(`/o/${key.replace(/[.+]/g, '\\$&')}$`);
    fake.fail({ method: 'GET', path: path(a.key), status: 503, times: 2 });
    fake.fail({ method: 'GET', path: path(b.key), status: 503, times: 100 });
    fake.fail({ method: 'GET', path: path(c.key), status: 404, times: 100 });

    const log = problemLog();
    const reader = readArchive({ store, topic: TOPIC, onProblem: log.onProblem, retry: { ...fast, attempts: 3 } });
    expect(await readAll(reader)).toEqual([...a.lines, ...d.lines]);
    expect(log.problems).toEqual([
      { kind: 'unreadable_object', key: b.key, message: expect.stringMatching(/^unavailable after 3 attempt\(s\): get /) },
      { kind: 'unreadable_object', key: c.key, message: expect.stringMatching(/^not_found after 1 attempt\(s\): get /) },
    ]);
    expect(downloads().filter((k) => k === c.key)).toHaveLength(1);
  });

  it('throws when the bucket cannot be listed', async () => {
    fake.fail({ method: 'GET', path: /\/b\/tessera-archive\/o$/, status: 403, times: 100 });
    const error = await readAll(readArchive({ store, topic: TOPIC, retry: fast })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveListError);
    expect(error).toMatchObject({ code: 'list_failed', retriable: false });
  });
});
