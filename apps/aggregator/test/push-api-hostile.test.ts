// Hostile and malformed input at the push API, over real local HTTP (content.v1 in memory, as in
// push-api.test.ts): every answer is the error envelope with a stable code, never an unlogged
// 500; what is published is a valid card (text bounded as the contract counts it, no control
// characters, no unpaired surrogates); dates are real dates; an expired item is refused.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@tessera/platform/logger';
import { Writable } from 'node:stream';
import { createMemoryContent } from '../src/memory-content.js';
import type { MemoryContent } from '../src/memory-content.js';
import { createPipeline } from '../src/pipeline.js';
import { createKeyAuth } from '../src/push-api/auth.js';
import { createPushApi } from '../src/push-api/server.js';
import type { PushApiOptions } from '../src/push-api/server.js';
import { DEMO_EPOCH, defaultClassifier } from './support.js';

const KEY = 'editors-test-key-0123456789';
let app: FastifyInstance;
let base: string;
let content: MemoryContent;

async function start(overrides: Partial<PushApiOptions> = {}): Promise<void> {
  content = createMemoryContent();
  const pipeline = createPipeline({ sink: content, known: content, classifier: defaultClassifier(), now: () => DEMO_EPOCH });
  app = await createPushApi({
    authenticate: createKeyAuth([{ id: 'tessera-editors', name: 'Tessera Editors', apiKey: KEY, kind: 'news', regions: ['GB'] }]),
    ingest: pipeline.ingestOne,
    takedown: pipeline.takedown,
    bodyLimit: 64 * 1024,
    ...overrides,
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}
beforeEach(async () => { await start(); });
afterEach(async () => { await app.close(); });

const article = {
  url: 'https://editors.tessera.example/2026/11/22/lighthouse-keepers',
  title: 'The last lighthouse keepers of the north coast',
  summary: 'Three keepers still live at their lights. We spent a week with them.',
  publishedAt: '2026-11-22T08:00:00Z',
};

type Envelope = { error: { code: string; message: string; retriable: boolean; reason?: string; issues?: { path: string; message: string }[] } };

async function send(body: string, init: { method?: string; path?: string; contentType?: string } = {}): Promise<{ status: number; json: Envelope & { status?: string; contentId?: string }; text: string; headers: Headers }> {
  const response = await fetch(`${base}${init.path ?? '/v1/content'}`, {
    method: init.method ?? 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': init.contentType ?? 'application/json' },
    ...(init.method === 'GET' || init.method === 'DELETE' ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as never, text, headers: response.headers };
}
const post = (body: unknown) => send(JSON.stringify(body));
const expectError = (r: { status: number; json: Envelope }, status: number, code: string) =>
  expect({ status: r.status, code: r.json.error?.code }).toEqual({ status, code });
const published = () => content.records.filter((r) => r.value !== null).map((r) => r.value!);

describe('push API with hostile input', () => {
  it('refuses HTML nested 3,000 elements deep with 422 item_invalid, not a 500', async () => {
    // The title's own limit (1,000 characters) allows 300 levels, still past the HTML depth limit.
    for (const [field, depth] of [['summary', 3000], ['title', 300]] as const) {
      const r = await post({ ...article, [field]: `${'<b>'.repeat(depth)}deep text` });
      expectError(r, 422, 'item_rejected');
      expect(r.json.error.reason).toBe('item_invalid');
      expect(r.json.error.message).toMatch(/nested/);
    }
    expect(published()).toEqual([]);
  });

  it('logs a 500 with its stack (the push API logged nothing before)', async () => {
    await app.close();
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({ write(chunk: Buffer, _e, done) { for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l)); done(); } });
    await start({ logger: createLogger({ name: 'aggregator-test', level: 'info', destination }), ingest: async () => { throw new Error('classifier exploded'); } });
    const r = await post(article);
    expectError(r, 500, 'internal_error');
    expect(r.text).not.toContain('classifier exploded');
    expect(lines.find((l) => l.level === 'error')).toMatchObject({ err: { message: 'classifier exploded' } });
  });

  it('refuses an unpaired surrogate in any field with 400 invalid_body naming it, and never publishes one a feed entity carries', async () => {
    for (const [field, value] of [['summary', 'x\\ud800y'], ['title', '\\udfffTitle']] as const) {
      const r = await send(JSON.stringify({ ...article, [field]: 'PLACEHOLDER' }).replace('PLACEHOLDER', value));
      expectError(r, 400, 'invalid_body');
      expect(r.json.error.issues?.[0]?.path).toBe(`/${field}`);
    }
    const entity = await post({ ...article, summary: 'Before &#xD800; after' });
    expect(entity.status).toBe(200);
    expect(published()[0]!.summary).toBe('Before \ufffd after');
  });

  it('publishes a title of 211 emoji cut to the contract\'s 300 UTF-16 units, never inside a pair', async () => {
    const r = await post({ ...article, title: '😀'.repeat(211), summary: '👨‍👩‍👧‍👦'.repeat(200) });
    expect(r.status).toBe(200);
    const [item] = published();
    expect(item!.title.length).toBeLessThanOrEqual(300);
    expect(item!.title.isWellFormed()).toBe(true);
    expect(item!.title.endsWith('😀…')).toBe(true);
    // Graphemes (a family emoji is 11 units) are not split either.
    expect(item!.summary!.length).toBeLessThanOrEqual(1000);
    expect(item!.summary!.replace(/…$/, '').replaceAll('👨‍👩‍👧‍👦', '')).toBe('');
  });

  it('refuses impossible dates with 400 invalid_body instead of replacing them', async () => {
    for (const publishedAt of ['2026-02-30T25:61Z', '2026-02-30T10:00Z', '2026-02-29T10:00:00Z', '2026-04-31T10:00:00+02:00', '2026-11-22T10:00:60Z', '2026-11-22T10:00:00+24:00']) {
      const r = await post({ ...article, publishedAt });
      expectError(r, 400, 'invalid_body');
      expect(r.json.error.issues?.[0]?.path).toBe('/publishedAt');
    }
    const expiresAt = await post({ ...article, expiresAt: '2026-13-01T00:00Z' });
    expect(expiresAt.json.error.issues?.[0]?.path).toBe('/expiresAt');
    expect((await post({ ...article, publishedAt: '2024-02-29T08:00:00.250+01:00', expiresAt: '2026-11-23T08:00:00Z' })).status).toBe(200);
    expect(published()[0]!.publishedAt).toBe(Date.UTC(2024, 1, 29, 7, 0, 0, 250));
  });

  it('refuses an expiresAt in the past with 422 item_expired, and a publishedAt in the future with item_invalid', async () => {
    const past = await post({ ...article, expiresAt: '2026-11-22T08:30:00Z' });
    expectError(past, 422, 'item_rejected');
    expect(past.json.error.reason).toBe('item_expired');
    const beforePublished = await post({ ...article, publishedAt: '2026-11-22T08:00:00Z', expiresAt: DEMO_EPOCH - 3_600_000 * 2 });
    expect(beforePublished.json.error.reason).toBe('item_expired');
    const future = await post({ ...article, publishedAt: '2026-11-23T09:00:00Z' });
    expectError(future, 422, 'item_rejected');
    expect(future.json.error.reason).toBe('item_invalid');
    expect(published()).toEqual([]);
  });

  it('removes control characters from published text', async () => {
    expect((await post({ ...article, title: 'Keepers\u0000 of\u0007 the\u001b coast\u0085', summary: 'Line one\r\nline\ttwo\u007f.' })).status).toBe(200);
    expect(published()[0]).toMatchObject({ title: 'Keepers of the coast', summary: 'Line one line two.' });
  });

  it('refuses JSON as text/plain (415), a __proto__ key (400) and structure deeper than the contract allows (400)', async () => {
    expectError(await send(JSON.stringify(article), { contentType: 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await send(JSON.stringify(article), { contentType: 'application/json; charset=latin1' }), 415, 'unsupported_media_type');
    const proto = await send(JSON.stringify(article).replace(/}$/, ',"__proto__":{"admin":true}}'));
    expectError(proto, 400, 'invalid_json');
    const deep = await send(JSON.stringify(article).replace(/}$/, `,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`));
    expectError(deep, 400, 'invalid_body');
    const longKey = await send(JSON.stringify({ ...article, ['k'.repeat(30_000)]: 1 }));
    expectError(longKey, 400, 'invalid_body');
    expect(longKey.text.length).toBeLessThan(2_000);
    expect(published()).toEqual([]);
  });

  it('answers fastify\'s own failures in the envelope: bad URL, over-long content id, wrong method', async () => {
    expectError(await send('{}', { path: '/v1/%zz' }), 400, 'invalid_url');
    const long = await send('', { method: 'DELETE', path: `/v1/content/${'a'.repeat(5000)}` });
    expectError(long, 414, 'url_too_long');
    expect(long.text).not.toContain('a'.repeat(200));
    const get = await send('', { method: 'GET', path: '/v1/content' });
    expectError(get, 405, 'method_not_allowed');
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('takes category labels named after built-in object members as plain labels', async () => {
    const r = await post({ ...article, categories: ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'Culture'] });
    expect(r.status).toBe(200);
    expect(published()[0]!.categories).toEqual(['culture']);
  });
});
