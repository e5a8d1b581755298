import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStore } from './object-store/local.js';
import type { ObjectStore } from './object-store/object-store.js';
import { rewriteArchive } from './rewrite.js';

const line = (topic: string, offset: number, key: string | null, value: Record<string, unknown> | null) => JSON.stringify({
  topic, partition: 0, offset, timestamp: 1, eventTime: 1, key, keyBase64: null, headers: [], value, valueBase64: null,
});
const A = 'users.v1/dt=2026-01-01/hr=00/users.v1+0+0000000000000000000.ndjson.gz';
const B = 'beacons.v1/dt=2026-01-01/hr=00/beacons.v1+0+0000000000000000000.ndjson.gz';

let dir: string;
let store: ObjectStore;
let puts: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rewrite-'));
  const local = createLocalStore(dir);
  puts = [];
  store = { ...local, put: (key, body, type) => { puts.push(key); return local.put(key, body, type); } };
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const text = async (key: string) => {
  const got = await store.get(key);
  if (!got.ok) throw new Error(got.error.message);
  return gunzipSync(got.value).toString('utf8');
};

describe('rewriteArchive', () => {
  it('drops the chosen lines under the same key, keeps the rest byte for byte, and leaves other objects alone', async () => {
    // A kept line with odd spacing and key order: it must come back exactly as written.
    const odd = '{"value":{"userId":"u-2"},  "topic":"users.v1","partition":0,"offset":1,"timestamp":1,"eventTime":1,"key":"u-2","keyBase64":null,"headers":[],"valueBase64":null}';
    await store.put(A, gzipSync([line('users.v1', 0, 'u-1', { userId: 'u-1' }), odd, line('users.v1', 2, 'u-1', null), 'not json u-1', ''].join('\n')), 'x');
    await store.put(B, gzipSync(`${line('beacons.v1', 0, 'u-2', { userId: 'u-2' })}\n`), 'x');
    await store.put('models/ctr/v1/model.onnx', Buffer.from('not an archive object'), 'x');
    puts = [];

    const report = await rewriteArchive({ store, prefix: '', drop: (l) => l.key === 'u-1', dropRaw: (t) => t.includes('u-1') });

    expect(report).toEqual({ scanned: 2, rewritten: [A], linesRemoved: 3, unreadable: [] });
    expect(puts).toEqual([A]);
    expect(await text(A)).toBe(`${odd}\n`);
    expect(await text(B)).toBe(`${line('beacons.v1', 0, 'u-2', { userId: 'u-2' })}\n`);
  });

  it('leaves an object that loses every line as an empty gzip object, and reports unreadable objects', async () => {
    await store.put(A, gzipSync(`${line('users.v1', 0, 'u-1', null)}\n`), 'x');
    await store.put(B, gzipSync('x'.repeat(1000)).subarray(0, 20), 'x');
    const report = await rewriteArchive({ store, prefix: '', drop: () => true, dropRaw: () => true });
    expect(report.rewritten).toEqual([A]);
    expect(await text(A)).toBe('');
    expect(report.unreadable).toEqual([{ key: B, message: expect.stringContaining('not a whole gzip object') }]);
  });

  it('throws a retriable error when the listing fails', async () => {
    const failing = { ...store, list: async () => ({ ok: false as const, error: { code: 'unavailable' as const, retriable: true, message: 'down' } }) };
    await expect(rewriteArchive({ store: failing, prefix: 'p', drop: () => true, dropRaw: () => true }))
      .rejects.toMatchObject({ code: 'rewrite_failed', retriable: true });
  });
});
