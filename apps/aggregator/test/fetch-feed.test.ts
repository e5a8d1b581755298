// Conditional GET against the local feed server: validators, 304, status codes and limits, and
// which failures are worth retrying.
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer } from '../src/feed-server.js';
import type { FeedServer } from '../src/feed-server.js';
import { fetchFeed } from '../src/sources/fetch-feed.js';
import { demoFeed } from './support.js';

let server: FeedServer;
beforeEach(async () => { server = await startFeedServer({ feeds: new Map([['ledger.rss', demoFeed('harbour-ledger.rss')]]) }); });
afterEach(async () => { await server.close(); });

describe('fetchFeed', () => {
  it('returns the body with its validators, then 304 when sent back', async () => {
    const first = await fetchFeed(server.urlOf('ledger.rss'), { timeoutMs: 2000 });
    expect(first.ok && first.value.status).toBe('fetched');
    if (!first.ok || first.value.status !== 'fetched') return;
    expect(first.value.body).toContain('<title>The Harbour Ledger</title>');
    expect(first.value.validators.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(first.value.validators.lastModified).toMatch(/GMT$/);

    const again = await fetchFeed(server.urlOf('ledger.rss'), { timeoutMs: 2000, validators: first.value.validators });
    expect(again).toEqual({ ok: true, value: { status: 'not-modified' } });
    // Last-Modified alone is honoured too (servers without ETags)
    const byDate = await fetchFeed(server.urlOf('ledger.rss'), { timeoutMs: 2000, validators: { lastModified: first.value.validators.lastModified ?? '' } });
    expect(byDate.ok && byDate.value.status).toBe('not-modified');
  });

  it('classifies failures: 404 is not retriable, 503 is, and so is a refused connection', async () => {
    const missing = await fetchFeed(server.urlOf('missing.rss'), { timeoutMs: 2000 });
    expect(missing.ok ? undefined : missing.error).toMatchObject({ code: 'feed_http_status', retriable: false });
    server.fault('ledger.rss', { status: 503 });
    const unavailable = await fetchFeed(server.urlOf('ledger.rss'), { timeoutMs: 2000 });
    expect(unavailable.ok ? undefined : unavailable.error).toMatchObject({ code: 'feed_http_status', retriable: true, message: expect.stringMatching(/^HTTP 503/) });

    const closedPort = await freePort();
    const refused = await fetchFeed(`http://127.0.0.1:${closedPort}/feed.rss`, { timeoutMs: 2000 });
    expect(refused.ok ? undefined : refused.error).toMatchObject({ code: 'feed_network', retriable: true });
  });

  it('refuses a body over the size limit', async () => {
    const result = await fetchFeed(server.urlOf('ledger.rss'), { timeoutMs: 2000, maxBytes: 1024 });
    expect(result.ok ? undefined : result.error).toMatchObject({ code: 'feed_too_large', retriable: false });
  });

  it('counts the limit in decompressed bytes: a gzip bomb stops at the cap', async () => {
    // 64 MiB of zeros in ~64 KiB of gzip, declared with its small compressed length.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const bomber = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    await new Promise<void>((resolve) => bomber.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = bomber.address() as AddressInfo;
      const result = await fetchFeed(`http://127.0.0.1:${port}/bomb.rss`, { timeoutMs: 10_000, maxBytes: 1024 * 1024 });
      expect(result.ok ? undefined : result.error).toMatchObject({ code: 'feed_too_large', message: expect.stringMatching(/exceeds 1048576 bytes/) });
    } finally {
      bomber.closeAllConnections();
      await new Promise<void>((resolve) => bomber.close(() => resolve()));
    }
  });
});

// A port that was free a moment ago: nothing listens there, so the connection is refused.
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
