// "k6/http": synchronous requests as in k6 (the VU blocks until the response is in), with the
// built-in metrics http_reqs, http_req_duration, http_req_waiting and http_req_failed (a status
// outside 200-399 or no response, k6's default expected statuses), tagged method, url, name,
// status and expected_response. Params: headers, tags, timeout, responseType ("text", "none");
// anything else (cookies, jar, auth, compression, redirects, responseCallback, batch, async
// requests) is refused by name.
import { callSync, emit } from '../vu/context.js';
import type { HttpResult } from '../http-bridge.js';

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: 'text' | 'none';
}

const SUPPORTED_PARAMS = new Set(['headers', 'tags', 'timeout', 'responseType']);

export interface Response {
  readonly status: number;
  readonly body: string | null;
  readonly headers: Record<string, string>;
  readonly error: string;
  readonly error_code: number;
  readonly url: string;
  readonly timings: { readonly duration: number; readonly waiting: number };
  json(selector?: string): unknown;
}

function timeoutMs(value: string | number | undefined): number {
  if (value === undefined) return 60_000;
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  if (!match) throw new Error(`k6/http: cannot read the timeout "${value}"`);
  return Number(match[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[match[2] as 'ms' | 's' | 'm'];
}

function encodeBody(body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && !(body instanceof ArrayBuffer)) {
    // k6 sends an object as a form, not as JSON.
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    return new URLSearchParams(Object.entries(body as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString();
  }
  throw new Error('k6-runner: k6/http bodies other than strings and plain objects (ArrayBuffer, http.file) are not implemented');
}

export function request(method: string, url: string, body?: unknown, params: Params = {}): Response {
  for (const key of Object.keys(params)) {
    if (!SUPPORTED_PARAMS.has(key)) throw new Error(`k6-runner: the k6/http param "${key}" is not implemented (implemented: ${[...SUPPORTED_PARAMS].join(', ')})`);
  }
  if (params.responseType && !['text', 'none'].includes(params.responseType)) throw new Error(`k6-runner: responseType "${params.responseType}" is not implemented`);
  const headers = Object.fromEntries(Object.entries(params.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const encoded = encodeBody(body, headers);
  const result: HttpResult = callSync({ method: method.toUpperCase(), url, headers, ...(encoded !== undefined ? { body: encoded } : {}), timeoutMs: timeoutMs(params.timeout) });
  const expected = result.status >= 200 && result.status < 400;
  const tags = { method: method.toUpperCase(), url, name: params.tags?.name ?? url, status: String(result.status), expected_response: String(expected), ...params.tags };
  emit('http_reqs', 'counter', 1, tags);
  emit('http_req_duration', 'trend', result.durationMs, tags, true);
  emit('http_req_waiting', 'trend', result.waitingMs, tags, true);
  emit('http_req_failed', 'rate', expected ? 0 : 1, tags);
  const text = params.responseType === 'none' ? null : result.body;
  return {
    status: result.status, body: text, headers: result.headers, error: result.error, error_code: result.errorCode, url: result.url,
    timings: { duration: result.durationMs, waiting: result.waitingMs },
    json(selector?: string) {
      if (selector !== undefined) throw new Error('k6-runner: Response.json(selector) is not implemented; read the parsed object');
      if (text === null) throw new Error('the response body is null (responseType "none")');
      return JSON.parse(text);
    },
  };
}

export const get = (url: string, params?: Params) => request('GET', url, undefined, params);
export const head = (url: string, params?: Params) => request('HEAD', url, undefined, params);
export const post = (url: string, body?: unknown, params?: Params) => request('POST', url, body, params);
export const put = (url: string, body?: unknown, params?: Params) => request('PUT', url, body, params);
export const patch = (url: string, body?: unknown, params?: Params) => request('PATCH', url, body, params);
export const del = (url: string, body?: unknown, params?: Params) => request('DELETE', url, body, params);

export function batch(): never {
  throw new Error('k6-runner: http.batch is not implemented; send the requests one by one or run with real k6');
}

export function asyncRequest(): never {
  throw new Error('k6-runner: http.asyncRequest is not implemented; run with real k6');
}

export default { request, get, head, post, put, patch, del, batch, asyncRequest };
