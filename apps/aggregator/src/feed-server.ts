// A small local feed server for the demo feeds (npm start) and for tests: serves files under
// /feeds/<name> with a strong ETag and Last-Modified, answers conditional requests with 304, and
// lets a test change a feed, break it or make it fail. It records every request so a test can
// see what the poller sent and what it got.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

interface Feed {
  body: string;
  etag: string;
  lastModified: Date;
}

export type Fault = { readonly status: number } | { readonly stall: true };

export interface FeedRequest {
  readonly name: string;
  readonly status: number;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

export interface FeedServer {
  readonly baseUrl: string;
  urlOf(name: string): string;
  /** Adds or replaces a feed; a changed body gets a new ETag and Last-Modified. */
  put(name: string, body: string, lastModified?: Date): void;
  fault(name: string, fault: Fault | undefined): void;
  readonly requests: readonly FeedRequest[];
  close(): Promise<void>;
}

/** Reads every .rss/.atom/.xml file of a directory into a name -> body map. */
export async function readFeedDirectory(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((n) => extname(n) in CONTENT_TYPES);
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

export async function startFeedServer(options: { feeds?: ReadonlyMap<string, string>; port?: number; host?: string } = {}): Promise<FeedServer> {
  const feeds = new Map<string, Feed>();
  const faults = new Map<string, Fault>();
  const requests: FeedRequest[] = [];
  const stalled = new Set<ServerResponse>();

  const put = (name: string, body: string, lastModified = new Date()) => {
    const previous = feeds.get(name);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    if (previous?.etag === etag) return;
    // HTTP dates have whole seconds; keep the stored one comparable with If-Modified-Since.
    const seconds = Math.floor(lastModified.getTime() / 1000) * 1000;
    const after = previous ? Math.floor(previous.lastModified.getTime() / 1000) * 1000 + 1000 : 0;
    feeds.set(name, { body, etag, lastModified: new Date(Math.max(seconds, after)) });
  };
  for (const [name, body] of options.feeds ?? []) put(name, body);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/feeds\//, '').split('?')[0] ?? '');
    const record = (status: number) => requests.push({
      name, status,
      ...(req.headers['if-none-match'] ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
      ...(req.headers['if-modified-since'] ? { ifModifiedSince: req.headers['if-modified-since'] } : {}),
    });
    const fault = faults.get(name);
    if (fault && 'stall' in fault) {
      record(0);
      stalled.add(res);
      return;
    }
    if (fault) {
      record(fault.status);
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`injected ${fault.status}`);
      return;
    }
    const feed = feeds.get(name);
    if (!feed || !req.url?.startsWith('/feeds/') || (req.method !== 'GET' && req.method !== 'HEAD')) {
      record(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { etag: feed.etag, 'last-modified': feed.lastModified.toUTCString(), 'cache-control': 'no-cache' };
    if (notModified(req, feed)) {
      record(304);
      res.writeHead(304, headers).end();
      return;
    }
    record(200);
    const type = CONTENT_TYPES[extname(name)] ?? 'application/xml; charset=utf-8';
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(feed.body) });
    res.end(req.method === 'HEAD' ? undefined : feed.body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}/feeds/`;

  return {
    baseUrl,
    urlOf: (name) => new URL(encodeURIComponent(name), baseUrl).href,
    put,
    fault: (name, fault) => (fault ? faults.set(name, fault) : faults.delete(name)),
    requests,
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// RFC 9110: If-None-Match wins when present; If-Modified-Since only without it.
function notModified(req: IncomingMessage, feed: Feed): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim() === feed.etag || tag.trim() === '*');
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && feed.lastModified.getTime() <= since;
}
