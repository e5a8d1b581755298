// The push API over real local HTTP: authentication, body validation with stable error codes,
// publishing and takedowns reaching content.v1 (in memory; kafka-content.test.ts covers the same over Kafka).
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryContent } from '../src/memory-content.js';
import type { MemoryContent } from '../src/memory-content.js';
import { createPipeline } from '../src/pipeline.js';
import { createKeyAuth } from '../src/push-api/auth.js';
import { createPushApi } from '../src/push-api/server.js';
import { DEMO_EPOCH, defaultClassifier } from './support.js';

const KEY = 'editors-test-key-0123456789';
let app: FastifyInstance;
let base: string;
let content: MemoryContent;
let failPublishes = false;

beforeEach(async () => {
  failPublishes = false;
  content = createMemoryContent({ onPublish: () => { if (failPublishes) throw new Error('not acknowledged'); } });
  const pipeline = createPipeline({ sink: content, known: content, classifier: defaultClassifier(), now: () => DEMO_EPOCH });
  app = await createPushApi({
    authenticate: createKeyAuth([{ id: 'tessera-editors', name: 'Tessera Editors', apiKey: KEY, kind: 'news', regions: ['GB'] }]),
    ingest: pipeline.ingestOne,
    takedown: pipeline.takedown,
    bodyLimit: 4096,
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => { await app.close(); });

const article = {
  url: 'https://editors.tessera.example/2026/11/22/lighthouse-keepers?utm_source=cms',
  title: 'The last lighthouse keepers of the north coast',
  summary: '<p>Three keepers still live at their lights. We spent a week with them.</p>',
  imageUrl: 'https://img.tessera.example/keepers.jpg',
  categories: ['Culture'],
  publishedAt: '2026-11-22T08:00:00Z',
};

function post(body: unknown, init: { key?: string | null; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? KEY}`;
  return fetch(`${base}/v1/content`, { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) });
}
const del = (id: string, key = KEY) => fetch(`${base}/v1/content/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });

describe('POST /v1/content', () => {
  it('publishes a normalized item and answers with its ids', async () => {
    const response = await post(article);
    expect(response.status).toBe(200);
    const body = await response.json() as { contentId: string; storyId: string; status: string };
    expect(body.status).toBe('published');
    expect(content.records).toHaveLength(1);
    expect(content.records[0]?.value).toMatchObject({
      contentId: body.contentId, storyId: body.storyId,
      url: 'https://editors.tessera.example/2026/11/22/lighthouse-keepers',
      summary: 'Three keepers still live at their lights. We spent a week with them.',
      kind: 'news', languages: ['en'], regions: ['GB'], categories: ['culture'],
      publishedAt: Date.parse('2026-11-22T08:00:00Z'),
      source: { sourceId: 'tessera-editors', name: 'Tessera Editors', via: 'push' },
    });
    const again = await post(article);
    expect(await again.json()).toMatchObject({ contentId: body.contentId, status: 'unchanged' });
    expect(content.records).toHaveLength(1);
  });

  it('rejects a missing or wrong key with 401 before looking at the body', async () => {
    for (const response of [await post(article, { key: null }), await post(article, { key: 'wrong-key-0123456789' }), await post('{', { key: 'nope', raw: '{' })]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized', retriable: false } });
    }
    expect(content.records).toHaveLength(0);
  });

  it('rejects bad bodies with clear 4xx codes', async () => {
    const badJson = await post(undefined, { raw: '{"url": ' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'invalid_json' } });

    const invalid = await post({ ...article, url: 'not a url', kind: 'podcast', sumary: 'typo' });
    expect(invalid.status).toBe(400);
    const { error } = await invalid.json() as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('invalid_body');
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/url', '/kind', '/sumary']));

    const missing = await post({ url: article.url });
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_body', issues: [{ path: '/title' }] } });

    const wrongType = await post(undefined, { raw: 'url=x', contentType: 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });

    const tooLarge = await post({ ...article, summary: 'x'.repeat(8000) });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'body_too_large' } });

    const expired = await post({ ...article, publishedAt: '2026-10-01T08:00:00Z' });
    expect(expired.status).toBe(422);
    expect(await expired.json()).toMatchObject({ error: { code: 'item_rejected', reason: 'item_expired' } });
    expect(content.records).toHaveLength(0);
  });

  it('answers 503 publish_failed (retriable) when content.v1 does not acknowledge', async () => {
    failPublishes = true;
    const response = await post(article);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ error: { code: 'publish_failed', retriable: true } });
  });
});

describe('DELETE /v1/content/:id', () => {
  it('writes a tombstone for a published item', async () => {
    const { contentId } = await (await post(article)).json() as { contentId: string };
    const response = await del(contentId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ contentId, status: 'removed' });
    expect(content.records.at(-1)).toEqual({ key: contentId, value: null, reason: 'takedown' });
    expect(await (await del(contentId)).json()).toEqual({ contentId, status: 'already_removed' });
    expect(content.records.filter((r) => r.value === null)).toHaveLength(1);
  });

  it('answers 404, 400 and 401 with stable codes', async () => {
    const unknown = await del('c-0123456789abcdef0123456789abcdef');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'content_not_found' } });
    const malformed = await del('not-an-id');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_content_id' } });
    const unauthorized = await del('c-0123456789abcdef0123456789abcdef', 'wrong-key-0123456789');
    expect(unauthorized.status).toBe(401);
    expect(content.records).toHaveLength(0);
  });
});
