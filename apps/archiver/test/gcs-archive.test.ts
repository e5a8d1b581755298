// The GCS path with the real @google-cloud/storage client pointed at the loopback fake: the
// uploads it sends (object names, content type, gzip bodies) and how failures surface.
import { gunzipSync } from 'node:zlib';
import { encodeLine } from '@tessera/archive/line';
import { createGcsStore } from '@tessera/archive/object-store/gcs';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchiver } from '../src/archiver.js';
import { catalogueDecoder } from '../src/decoder.js';
import { contentRecord, interactionRecords, readArchive } from './support.js';

process.env.METADATA_SERVER_DETECTION = 'none';
const TOPIC = 'interactions.enriched.v1';

let fake: FakeGcp;
beforeEach(async () => { fake = await startFakeGcp(); });
afterEach(async () => { await fake.close(); });

describe('archiving to GCS', () => {
  it('sends one multipart upload per file with the archive key, NDJSON content type and the gzip lines', async () => {
    const store = createGcsStore({ bucket: 'tessera-archive', projectId: 'p', apiEndpoint: fake.url });
    const archiver = createArchiver({ store, prefix: 'raw', decode: catalogueDecoder, limits: { maxRecords: 25, maxBytes: 1 << 30 } });
    const records = [...interactionRecords(TOPIC, 1, 30), contentRecord(7, 'c-9', true)];
    await archiver.archive(records);
    const outcome = await archiver.flush();
    expect(outcome.failures).toEqual([]);

    const uploads = fake.requests.filter((r) => r.method === 'POST');
    expect(uploads.every((r) => r.path === '/upload/storage/v1/b/tessera-archive/o' && r.query.uploadType === 'multipart')).toBe(true);
    expect([...fake.gcs.objects.keys()].sort()).toEqual([
      `tessera-archive/raw/content.v1/dt=2026-11-22/hr=09/content.v1+0+0000000000000000007.ndjson.gz`,
      `tessera-archive/raw/${TOPIC}/dt=2026-11-22/hr=09/${TOPIC}+0+0000000000000000100.ndjson.gz`,
      `tessera-archive/raw/${TOPIC}/dt=2026-11-22/hr=09/${TOPIC}+0+0000000000000000125.ndjson.gz`,
    ]);
    const second = fake.gcs.objects.get(`tessera-archive/raw/${TOPIC}/dt=2026-11-22/hr=09/${TOPIC}+0+0000000000000000125.ndjson.gz`)!;
    expect(second.contentType).toBe('application/x-ndjson');
    const expected = records.slice(25, 30).map((r) => encodeLine(r, catalogueDecoder).text).join('');
    expect(gunzipSync(second.body).toString('utf8')).toBe(expected);

    // The same store reads the archive back (list + download), as the trainer and warehouse do.
    const read = await readArchive(store, 'raw/');
    expect([...read.values()].flat()).toHaveLength(31);
  });

  it('retries a failed upload inside the client, then reports what is still failing as retriable', async () => {
    const store = createGcsStore({ bucket: 'b', projectId: 'p', apiEndpoint: fake.url, maxRetries: 1 });
    const archiver = createArchiver({ store, prefix: '', decode: catalogueDecoder });
    const records = interactionRecords(TOPIC, 1, 3);
    await archiver.archive(records);

    fake.fail({ method: 'POST', path: /^\/upload\//, status: 503, times: 1 });
    expect((await archiver.flush()).commits).toEqual([{ topic: TOPIC, partition: 0, offset: '103' }]);

    await archiver.archive(interactionRecords(TOPIC, 1, 3).map((r) => ({ ...r, offset: String(Number(r.offset) + 3) })));
    fake.fail({ method: 'POST', path: /^\/upload\//, status: 503, times: 10 });
    const outcome = await archiver.flush();
    expect(outcome.commits).toEqual([]);
    expect(outcome.failures.map((f) => [f.offset, f.error.code, f.error.retriable])).toEqual([['103', 'unavailable', true]]);
  });
});
