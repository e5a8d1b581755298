// A loopback HTTP endpoint for tests that speaks just enough of the GCS JSON API and the BigQuery
// v2 REST API for the REAL client libraries (@google-cloud/storage, @google-cloud/bigquery) when
// they are given `apiEndpoint: fake.url`. It records every request (method, path, query, headers,
// body) so tests assert on what the clients really send, keeps the objects, tables, jobs and rows
// it received, and injects faults on request (fail the next matching call, optionally after
// applying it, which is how a "the job was created but the response was lost" retry is tested).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBigQuery, newBigQueryState } from './bigquery.js';
import type { BigQueryState } from './bigquery.js';
import { handleGcs, newGcsState } from './gcs.js';
import type { GcsState } from './gcs.js';

export interface RecordedRequest {
  method: string;
  /** Decoded path without the query string, e.g. /upload/storage/v1/b/bkt/o. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Fault {
  method?: string;
  /** Matched against RecordedRequest.path. */
  path: RegExp;
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Apply the request first, then answer with the error: the effect happened, the reply was lost. */
  afterApplying?: boolean;
}

export interface Reply {
  status: number;
  body?: unknown;
  raw?: { contentType: string; bytes: Buffer };
}

export interface FakeGcp {
  /** Pass as `apiEndpoint` to both clients. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly gcs: GcsState;
  readonly bigquery: BigQueryState;
  fail(fault: Fault): void;
  close(): Promise<void>;
}

export async function startFakeGcp(): Promise<FakeGcp> {
  const requests: RecordedRequest[] = [];
  const faults: (Fault & { left: number })[] = [];
  const gcs = newGcsState();
  const bigquery = newBigQueryState();

  const route = (req: RecordedRequest): Reply =>
    handleGcs(gcs, req) ?? handleBigQuery(bigquery, req, (bucket, name) => gcs.objects.get(`${bucket}/${name}`)?.body) ?? { status: 404, body: errorBody(404, `no route ${req.method} ${req.path}`) };

  const server = createServer((incoming, res) => {
    void readRequest(incoming).then((req) => {
      requests.push(req);
      const fault = takeFault(faults, req);
      if (fault && !fault.afterApplying) return send(res, { status: fault.status, body: errorBody(fault.status, 'injected fault') });
      const reply = route(req);
      send(res, fault ? { status: fault.status, body: errorBody(fault.status, 'injected fault after applying') } : reply);
    }, (err: unknown) => send(res, { status: 500, body: errorBody(500, String(err)) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    gcs,
    bigquery,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

/** The error shape both APIs use, so the clients surface a proper ApiError with `code`. */
export function errorBody(code: number, message: string, reason = 'fake'): unknown {
  return { error: { code, message, errors: [{ reason, message, domain: 'global' }] } };
}

function takeFault(faults: (Fault & { left: number })[], req: RecordedRequest): Fault | undefined {
  const fault = faults.find((f) => f.left > 0 && (!f.method || f.method === req.method) && f.path.test(req.path));
  if (fault) fault.left -= 1;
  return fault;
}

async function readRequest(incoming: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const url = new URL(incoming.url ?? '/', 'http://fake');
  return {
    method: incoming.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams),
    headers: incoming.headers,
    body: Buffer.concat(chunks),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw) {
    res.writeHead(reply.status, { 'content-type': reply.raw.contentType, 'content-length': reply.raw.bytes.length });
    res.end(reply.raw.bytes);
    return;
  }
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
