// One conditional GET of a feed: sends the validators from the previous 200 (ETag,
// Last-Modified), bounds the whole exchange by a timeout and the body by a size cap, and returns
// the outcome as data so the poller can decide between "nothing new", "parse this" and "back off".
import { aggregatorError, fail, messageOf, ok } from '../errors.js';
import type { AggregatorError, Result } from '../errors.js';
import { decodeFeedBody } from './decode-body.js';

export interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type FetchOutcome =
  | { readonly status: 'not-modified' }
  | { readonly status: 'fetched'; readonly body: string; readonly validators: Validators };

export interface FetchOptions {
  readonly timeoutMs: number;
  readonly validators?: Validators;
  /** Feeds larger than this are refused rather than parsed (a misconfigured URL, a dump). */
  readonly maxBytes?: number;
  readonly userAgent?: string;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export async function fetchFeed(url: string, options: FetchOptions): Promise<Result<FetchOutcome>> {
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
    'user-agent': options.userAgent ?? 'tessera-aggregator/0 (+feed polling)',
  };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;

  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return ok({ status: 'not-modified' });
    }
    if (!response.ok) {
      await response.body?.cancel();
      // 5xx and 429 are the server's bad moment; 4xx is our configuration and stays wrong.
      const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
      return fail(aggregatorError('feed_http_status', `HTTP ${response.status} from ${url}`, { retriable }));
    }
    const body = await readLimited(response, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (!body.ok) return body;
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    return ok({ status: 'fetched', body: body.value, validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } });
  } catch (cause) {
    return fail(classifyThrown(url, options.timeoutMs, cause, signal));
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Result<string>> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    return fail(aggregatorError('feed_too_large', `feed declares ${declared} bytes, limit ${maxBytes}`));
  }
  const reader = response.body?.getReader();
  if (!reader) return ok('');
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return fail(aggregatorError('feed_too_large', `feed exceeds ${maxBytes} bytes`));
    }
    chunks.push(value);
  }
  return ok(decodeFeedBody(Buffer.concat(chunks), response.headers.get('content-type')));
}

function classifyThrown(url: string, timeoutMs: number, cause: unknown, signal: AbortSignal): AggregatorError {
  if (signal.aborted) {
    return aggregatorError('feed_timeout', `no complete answer from ${url} within ${timeoutMs} ms`, { retriable: true, cause });
  }
  const detail = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : messageOf(cause);
  return aggregatorError('feed_network', `cannot fetch ${url}: ${detail}`, { retriable: true, cause });
}
