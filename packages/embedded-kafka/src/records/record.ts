// Owns: one record inside a batch's records region (uncompressed form) — decode and encode.
import { VarReader, varintSize, writeVarint } from './varint.js';

export interface RecHeader {
  key: string;
  value: Buffer | null;
}

/** A record with absolute offset and timestamp (deltas resolved against its batch). */
export interface Rec {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecHeader[];
}

/** Record with the raw deltas, as validation needs them. */
export interface RawRec {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecHeader[];
}

/** Decodes exactly `count` records from `region`; throws RangeError on any malformation. */
export function decodeRawRecords(region: Buffer, count: number): RawRec[] {
  const r = new VarReader(region);
  const out: RawRec[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.varint();
    const end = r.at + len;
    if (len < 0 || end > region.length) throw new RangeError('record length out of bounds');
    r.int8(); // record attributes: unused by Kafka
    const timestampDelta = r.varint();
    const offsetDelta = r.varint();
    const key = r.bytes();
    const value = r.bytes();
    const hc = r.varint();
    if (hc < 0) throw new RangeError('negative header count');
    const headers: RecHeader[] = [];
    for (let h = 0; h < hc; h++) {
      const hk = r.bytes();
      if (hk === null) throw new RangeError('null header key');
      headers.push({ key: hk.toString('utf8'), value: r.bytes() });
    }
    if (r.at !== end) throw new RangeError('record length mismatch');
    out.push({ offsetDelta, timestampDelta, key, value, headers });
  }
  if (r.at !== region.length) throw new RangeError('trailing bytes after records');
  return out;
}

function bytesSize(b: Buffer | null): number {
  return b === null ? varintSize(-1) : varintSize(b.length) + b.length;
}

function writeBytes(buf: Buffer, at: number, b: Buffer | null): number {
  if (b === null) return writeVarint(buf, at, -1);
  at = writeVarint(buf, at, b.length);
  b.copy(buf, at);
  return at + b.length;
}

/** Encodes records into one uncompressed records region. */
export function encodeRawRecords(recs: readonly RawRec[]): Buffer {
  const bodies = recs.map((r) => {
    const hdrs = r.headers.map((h) => ({ k: Buffer.from(h.key, 'utf8'), v: h.value }));
    const size =
      1 +
      varintSize(r.timestampDelta) +
      varintSize(r.offsetDelta) +
      bytesSize(r.key) +
      bytesSize(r.value) +
      varintSize(hdrs.length) +
      hdrs.reduce((s, h) => s + bytesSize(h.k) + bytesSize(h.v), 0);
    return { r, hdrs, size };
  });
  const total = bodies.reduce((s, b) => s + varintSize(b.size) + b.size, 0);
  const buf = Buffer.alloc(total);
  let at = 0;
  for (const { r, hdrs, size } of bodies) {
    at = writeVarint(buf, at, size);
    buf[at++] = 0;
    at = writeVarint(buf, at, r.timestampDelta);
    at = writeVarint(buf, at, r.offsetDelta);
    at = writeBytes(buf, at, r.key);
    at = writeBytes(buf, at, r.value);
    at = writeVarint(buf, at, hdrs.length);
    for (const h of hdrs) {
      at = writeBytes(buf, at, h.k);
      at = writeBytes(buf, at, h.v);
    }
  }
  return buf;
}
