// The GCS JSON API subset the storage client uses for the archive: multipart upload, object
// metadata, media download, list by prefix (paged) and delete. Objects are kept as bytes, with
// the md5Hash the client validates uploads against.
import { createHash } from 'node:crypto';
import { boundaryOf, parseMultipart } from './multipart.js';
import type { RecordedRequest, Reply } from './server.js';
import { errorBody } from './server.js';

export interface FakeObject {
  bucket: string;
  name: string;
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  generation: number;
}

export interface GcsState {
  /** Keyed by "<bucket>/<name>". */
  objects: Map<string, FakeObject>;
}

export function newGcsState(): GcsState {
  return { objects: new Map() };
}

const UPLOAD = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/;
const LIST = /^\/storage\/v1\/b\/([^/]+)\/o$/;
const OBJECT = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/;
const PAGE_SIZE = 1000;

export function handleGcs(state: GcsState, req: RecordedRequest): Reply | undefined {
  let m = UPLOAD.exec(req.path);
  if (m && req.method === 'POST') return upload(state, m[1]!, req);
  m = LIST.exec(req.path);
  if (m && req.method === 'GET') return list(state, m[1]!, req.query);
  m = OBJECT.exec(req.path);
  if (m) {
    const key = `${m[1]!}/${m[2]!}`;
    const object = state.objects.get(key);
    if (!object) return { status: 404, body: errorBody(404, `No such object: ${key}`, 'notFound') };
    if (req.method === 'DELETE') {
      state.objects.delete(key);
      return { status: 204 };
    }
    if (req.method === 'GET' && req.query.alt === 'media') {
      return { status: 200, raw: { contentType: object.contentType, bytes: object.body } };
    }
    if (req.method === 'GET') return { status: 200, body: resource(object) };
  }
  return undefined;
}

function upload(state: GcsState, bucket: string, req: RecordedRequest): Reply {
  if (req.query.uploadType !== 'multipart') {
    return { status: 400, body: errorBody(400, `fake supports uploadType=multipart only, got ${req.query.uploadType}`) };
  }
  const boundary = boundaryOf(req.headers['content-type'] as string | undefined);
  const parts = boundary ? parseMultipart(req.body, boundary) : [];
  const [meta, media] = parts;
  if (!meta || !media) return { status: 400, body: errorBody(400, 'multipart body needs metadata and media parts') };
  const json = JSON.parse(meta.body.toString('utf8')) as { name?: string; contentType?: string; metadata?: Record<string, string> };
  const name = json.name ?? req.query.name;
  if (!name) return { status: 400, body: errorBody(400, 'object name missing') };
  const key = `${bucket}/${name}`;
  const object: FakeObject = {
    bucket,
    name,
    body: Buffer.from(media.body),
    contentType: json.contentType ?? media.headers['content-type'] ?? 'application/octet-stream',
    metadata: json.metadata ?? {},
    generation: (state.objects.get(key)?.generation ?? 0) + 1,
  };
  state.objects.set(key, object);
  return { status: 200, body: resource(object) };
}

function list(state: GcsState, bucket: string, query: Record<string, string>): Reply {
  const prefix = `${bucket}/${query.prefix ?? ''}`;
  const names = [...state.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  const start = query.pageToken ? Number(query.pageToken) : 0;
  const size = query.maxResults ? Math.min(Number(query.maxResults), PAGE_SIZE) : PAGE_SIZE;
  const page = names.slice(start, start + size);
  const items = page.map((k) => resource(state.objects.get(k)!));
  const next = start + size < names.length ? String(start + size) : undefined;
  return { status: 200, body: { kind: 'storage#objects', items, ...(next ? { nextPageToken: next } : {}) } };
}

function resource(o: FakeObject): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    name: o.name,
    bucket: o.bucket,
    generation: String(o.generation),
    size: String(o.body.length),
    contentType: o.contentType,
    md5Hash: createHash('md5').update(o.body).digest('base64'),
    crc32c: crc32cBase64(o.body),
    metadata: o.metadata,
  };
}

// The client validates uploads with CRC32C by default, so the fake must compute it like GCS does:
// big-endian bytes of the Castagnoli CRC, base64.
const CRC32C_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32cBase64(bytes: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}
