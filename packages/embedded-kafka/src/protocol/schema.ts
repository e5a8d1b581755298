// The schema DSL: a message is a list of fields gated by version ranges, mirroring Apache Kafka's JSON
// message specs so every version of an API is one declaration. `compile` turns (struct, version,
// flexible) into a flat list of read/write closures, cached, so the hot path does no version checks.
//
// Encoding rules: a field absent from `version` is neither read nor written; when decoding it is still
// set to its default so handlers see one shape across versions. When encoding, `undefined` (or `null`
// for a field that is not nullable in this version) is written as the default: the spec `default`, else
// null for nullable fields, 0 / false / '' / [] / empty bytes. Flexible versions use compact strings,
// bytes and arrays and append an empty tagged-field section to every struct (unknown tags are skipped).

import { ErrorCode, ProtocolError } from './errors.js';
import type { Reader, Writer } from './primitives.js';

export type Primitive =
  | 'int8' | 'int16' | 'int32' | 'int64' | 'uint32' | 'boolean' | 'string' | 'bytes' | 'records';

export interface ArrayType {
  readonly array: Primitive | Struct;
}
export type FieldType = Primitive | ArrayType;

export interface Field {
  readonly name: string;
  readonly type: FieldType;
  /** 'a+' (from a on) or 'a-b' (inclusive), like the JSON specs. */
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly default?: number | string | boolean | null;
}
export type Struct = readonly Field[];

export type Body = Record<string, unknown>;

/** One API as advertised: version range and the request/response schemas for all of it. */
export interface ApiSpec<Req extends Struct = Struct, Res extends Struct = Struct> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version; Infinity when no advertised version is flexible. */
  readonly flexibleFrom: number;
  readonly request: Req;
  readonly response: Res;
}

// The TypeScript shape of a message, derived from its schema (declared `as const`), so the codec's
// field list is the only description of a message: handlers and the group coordinator use these
// types instead of keeping their own copies. int64 is a number (see DESIGN.md), bytes and records
// are Buffers, and a field nullable in some version may be null.
type PrimitiveValue<P> =
  P extends 'int8' | 'int16' | 'int32' | 'int64' | 'uint32' ? number
    : P extends 'boolean' ? boolean
      : P extends 'string' ? string
        : P extends 'bytes' | 'records' ? Buffer
          : never;
type ItemValue<E, Nested> = E extends Primitive ? PrimitiveValue<E> : E extends Struct ? (Nested extends 'gated' ? Gated<E> : Message<E>) : never;
type FieldValue<F, Nested = 'all'> =
  | (F extends { readonly type: { readonly array: infer E } } ? ItemValue<E, Nested>[] : F extends { readonly type: infer P } ? PrimitiveValue<P> : never)
  | (F extends { readonly nullableVersions: string } ? null : never);

/**
 * A message as the codec reads it: every field of the schema is there, at every version (a field
 * the version lacks holds its default).
 */
export type Message<S extends Struct> = { -readonly [F in S[number] as F['name']]: FieldValue<F> };

/**
 * A message whose fields that only some versions have (`versions` other than '0+') may be left
 * out: what a caller outside the codec (a test, the coordinator's own requests) writes. Every
 * Message is a Gated one.
 */
export type Gated<S extends Struct> =
  & { -readonly [F in S[number] as F extends { readonly versions: '0+' } ? F['name'] : never]: FieldValue<F, 'gated'> }
  & { -readonly [F in S[number] as F extends { readonly versions: '0+' } ? never : F['name']]?: FieldValue<F, 'gated'> };

type DeepPartial<T> = T extends Buffer ? T
  : T extends (infer U)[] ? DeepPartial<U>[]
    : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/**
 * A message as the codec writes it: any field may be left out (it is written as its default),
 * but no field may be misnamed or of the wrong type.
 */
export type Reply<S extends Struct> = DeepPartial<Message<S>>;

/** The decoded request body of an API, as the codec gives it (every field present). */
export type DecodedRequestOf<A extends ApiSpec> = Message<A['request']>;
/** A request body of an API: the fields some versions lack may be missing. */
export type RequestOf<A extends ApiSpec> = Gated<A['request']>;
/** The complete response body of an API. */
export type ResponseOf<A extends ApiSpec> = Message<A['response']>;
/** A response body the codec can encode (missing fields become defaults). */
export type ReplyOf<A extends ApiSpec> = Reply<A['response']>;

export function inVersions(range: string | undefined, version: number): boolean {
  if (range === undefined || range === 'none') return false;
  if (range.endsWith('+')) return version >= Number(range.slice(0, -1));
  const dash = range.indexOf('-');
  if (dash < 0) return version === Number(range);
  return version >= Number(range.slice(0, dash)) && version <= Number(range.slice(dash + 1));
}

export interface Codec {
  read(r: Reader): Body;
  write(w: Writer, value: Body): void;
}

type ReadFn = (r: Reader) => unknown;
type WriteFn = (w: Writer, v: unknown) => void;
interface Op {
  readonly name: string;
  readonly present: boolean;
  readonly fallback: () => unknown;
  readonly read: ReadFn;
  readonly write: WriteFn;
}

function fallbackOf(field: Field, nullable: boolean): () => unknown {
  if (field.default !== undefined) {
    const d = field.default;
    return () => d;
  }
  if (nullable) return () => null;
  const t = field.type;
  if (typeof t !== 'string') return () => [];
  switch (t) {
    case 'boolean': return () => false;
    case 'string': return () => '';
    case 'bytes':
    case 'records': return () => Buffer.alloc(0);
    default: return () => 0;
  }
}

function primitiveOps(t: Primitive, flexible: boolean, nullable: boolean): { read: ReadFn; write: WriteFn } {
  switch (t) {
    case 'int8': return { read: (r) => r.int8(), write: (w, v) => w.int8(v as number) };
    case 'int16': return { read: (r) => r.int16(), write: (w, v) => w.int16(v as number) };
    case 'int32': return { read: (r) => r.int32(), write: (w, v) => w.int32(v as number) };
    case 'int64': return { read: (r) => r.int64(), write: (w, v) => w.int64(v as number) };
    case 'uint32': return { read: (r) => r.uint32(), write: (w, v) => w.uint32(v as number) };
    case 'boolean': return { read: (r) => r.boolean(), write: (w, v) => w.boolean(v as boolean) };
    case 'string': {
      // Null on a non-nullable string is tolerated on read as '' (some clients send -1 anyway).
      const read: ReadFn = flexible ? (r) => r.compactNullableString() : (r) => r.nullableString();
      return {
        read: nullable ? read : (r) => read(r) ?? '',
        write: flexible
          ? (w, v) => w.compactNullableString(v as string | null)
          : (w, v) => w.nullableString(v as string | null),
      };
    }
    case 'bytes':
    case 'records': {
      const read: ReadFn = flexible ? (r) => r.compactNullableBytes() : (r) => r.nullableBytes();
      return {
        read: nullable ? read : (r) => read(r) ?? Buffer.alloc(0),
        write: flexible
          ? (w, v) => w.compactNullableBytes(v as Buffer | null)
          : (w, v) => w.nullableBytes(v as Buffer | null),
      };
    }
  }
}

function arrayOps(item: { read: ReadFn; write: WriteFn }, flexible: boolean, nullable: boolean) {
  const read: ReadFn = (r) => {
    const n = flexible ? r.compactArrayLength() : r.arrayLength();
    if (n < 0) return nullable ? null : [];
    // Each element takes at least one byte: reject absurd counts before allocating.
    if (n > r.remaining) {
      throw new ProtocolError({ code: ErrorCode.INVALID_REQUEST, message: `array count ${n} exceeds frame` });
    }
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = item.read(r);
    return out;
  };
  const write: WriteFn = (w, v) => {
    if (v === null) {
      if (flexible) w.compactArrayLength(-1);
      else w.arrayLength(-1);
      return;
    }
    const arr = v as readonly unknown[];
    if (flexible) w.compactArrayLength(arr.length);
    else w.arrayLength(arr.length);
    for (const el of arr) item.write(w, el);
  };
  return { read, write };
}

function fieldOps(field: Field, version: number, flexible: boolean): Op {
  const nullable = inVersions(field.nullableVersions, version);
  const fallback = fallbackOf(field, nullable);
  const t = field.type;
  let ops: { read: ReadFn; write: WriteFn };
  if (typeof t === 'string') {
    ops = primitiveOps(t, flexible, nullable);
  } else {
    const el = t.array;
    const item =
      typeof el === 'string'
        ? primitiveOps(el, flexible, false)
        : (() => {
            const c = compile(el, version, flexible);
            return { read: (r: Reader) => c.read(r), write: (w: Writer, v: unknown) => c.write(w, v as Body) };
          })();
    ops = arrayOps(item, flexible, nullable);
  }
  const write = ops.write;
  return {
    name: field.name,
    present: inVersions(field.versions, version),
    fallback,
    read: ops.read,
    // Missing values, and nulls where null is not allowed, become the default.
    write: (w, v) => write(w, v === undefined || (v === null && !nullable) ? fallback() : v),
  };
}

const cache = new WeakMap<Struct, Map<string, Codec>>();

/** Codec for `struct` at `version`; flexible selects compact encodings and tagged-field sections. */
export function compile(struct: Struct, version: number, flexible: boolean): Codec {
  const cacheKey = `${version}:${flexible ? 'f' : 'c'}`;
  let byVersion = cache.get(struct);
  const hit = byVersion?.get(cacheKey);
  if (hit) return hit;

  const all = struct.map((f) => fieldOps(f, version, flexible));
  const present = all.filter((op) => op.present);
  const absent = all.filter((op) => !op.present);
  const codec: Codec = {
    read(r) {
      const out: Body = {};
      for (const op of present) out[op.name] = op.read(r);
      for (const op of absent) out[op.name] = op.fallback();
      if (flexible) r.skipTaggedFields();
      return out;
    },
    write(w, value) {
      for (const op of present) op.write(w, value[op.name]);
      if (flexible) w.emptyTaggedFields();
    },
  };
  if (!byVersion) cache.set(struct, (byVersion = new Map()));
  byVersion.set(cacheKey, codec);
  return codec;
}
