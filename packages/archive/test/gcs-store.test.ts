// The GCS ObjectStore with the real @google-cloud/storage client against @tessera/gcp-fake: what
// it sends, what it reads back, and how HTTP failures become StoreErrors (code + retriable).
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGcsStore } from '../src/object-store/gcs.js';

process.env.METADATA_SERVER_DETECTION = 'none';

let fake: FakeGcp;
beforeEach(async () => { fake = await startFakeGcp(); });
afterEach(async () => { await fake.close(); });

const errorOf = (r: { ok: boolean; error?: { code: string; retriable: boolean } }) => (r.ok ? 'ok' : [r.error!.code, r.error!.retriable]);

describe('GCS object store', () => {
  it('puts with the content type, overwrites, gets the exact bytes and lists by prefix, sorted', async () => {
    const store = createGcsStore({ bucket: 'arch', projectId: 'p', apiEndpoint: fake.url });
    expect(store.location).toBe('gs://arch');
    expect(await store.put('t/hr=01/b+0.gz', Buffer.from('one'), 'application/x-ndjson')).toEqual({ ok: true, value: undefined });
    expect((await store.put('t/hr=01/b+0.gz', Buffer.from([0x1f, 0x8b, 0xff]), 'application/x-ndjson')).ok).toBe(true);
    expect((await store.put('t/hr=00/a+0.gz', Buffer.from('a'), 'application/x-ndjson')).ok).toBe(true);
    expect((await store.put('u/c.gz', Buffer.from('c'), 'application/x-ndjson')).ok).toBe(true);
    expect(fake.gcs.objects.get('arch/t/hr=01/b+0.gz')?.contentType).toBe('application/x-ndjson');
    const got = await store.get('t/hr=01/b+0.gz');
    expect(got.ok && [...got.value]).toEqual([0x1f, 0x8b, 0xff]);
    expect(await store.list('t/')).toEqual({ ok: true, value: ['t/hr=00/a+0.gz', 't/hr=01/b+0.gz'] });
    expect(await store.list('none/')).toEqual({ ok: true, value: [] });
  });

  it('reports a missing object as not_found, refusals as not retriable and server errors as retriable', async () => {
    const store = createGcsStore({ bucket: 'arch', projectId: 'p', apiEndpoint: fake.url, maxRetries: 0 });
    expect(errorOf(await store.get('t/none.gz'))).toEqual(['not_found', false]);
    fake.fail({ method: 'GET', path: /\/o$/, status: 403 });
    expect(errorOf(await store.list('t/'))).toEqual(['denied', false]);
    fake.fail({ method: 'POST', path: /^\/upload\//, status: 503 });
    expect(errorOf(await store.put('t/a.gz', Buffer.from('a'), 'x'))).toEqual(['unavailable', true]);
    fake.fail({ method: 'POST', path: /^\/upload\//, status: 400 });
    expect(errorOf(await store.put('t/a.gz', Buffer.from('a'), 'x'))).toEqual(['invalid', false]);
  });

  it('retries inside the client when asked to', async () => {
    const store = createGcsStore({ bucket: 'arch', projectId: 'p', apiEndpoint: fake.url, maxRetries: 1 });
    fake.fail({ method: 'POST', path: /^\/upload\//, status: 503, times: 1 });
    expect((await store.put('t/a.gz', Buffer.from('a'), 'x')).ok).toBe(true);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});
