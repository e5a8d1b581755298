// One archive line per record: NDJSON that both a human and BigQuery/DuckDB can read, and from
// which the original record can be rebuilt byte for byte. Decisions (see README "Line format"):
// - key and header values: `key`/`value` hold UTF-8 text when the bytes are valid UTF-8, else
//   null with the bytes in `keyBase64`/`valueBase64`. Both fields are always present, so every
//   line has the same columns.
// - record value: when the topic's decoder accepts it as a JSON object it is embedded as JSON in
//   `value` (tables load it as a RECORD); `valueBase64` then stays null if re-serializing gives
//   back the exact bytes (what our producers write), else it also keeps the raw bytes. A value
//   the decoder refuses is archived raw (`value` null, `valueBase64` set) and reported as a
//   rejection for dlq.v1: the archive loses nothing. Tombstone = both null.
// - `eventTime` is the value's `occurredAt` (every contract event has it) or, for tombstones and
//   refused values, the Kafka timestamp; it chooses the dt=/hr= folder.
// Readers go the other way with parseLine: JSON, then the line's shape (ArchivedLineSchema).
import { isUtf8 } from 'node:buffer';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { flattenHeaders } from './record.js';
import type { ConsumedRecord } from './record.js';

export type Decoded = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** Decodes a value for its topic (contracts' decodeValue in production). */
export type ValueDecoder = (topic: string, bytes: Buffer | null) => Decoded;

export interface Rejection {
  code: string;
  message: string;
}

export interface EncodedLine {
  /** The NDJSON line including its trailing newline. */
  text: string;
  eventTime: number;
  rejection?: Rejection;
}

// contracts' EpochMs bounds (2000-01-01 .. 2100-01-01): anything else is not a usable event time.
const MIN_EPOCH_MS = 946_684_800_000;
const MAX_EPOCH_MS = 4_102_444_800_000;

/** Used when no catalogue decoder applies: any JSON; a tombstone is fine. */
export const jsonDecoder: ValueDecoder = (_topic, bytes) => {
  if (bytes === null) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (cause) {
    return { ok: false, error: { code: 'invalid_json', message: String(cause) } };
  }
};

export function encodeLine(record: ConsumedRecord, decode: ValueDecoder): EncodedLine {
  const timestamp = Number(record.timestamp);
  const offset = Number(record.offset);
  if (!Number.isSafeInteger(offset)) throw new RangeError(`offset beyond 2^53: ${record.offset}`);
  const head = `{"topic":${JSON.stringify(record.topic)},"partition":${record.partition},"offset":${offset},"timestamp":${timestamp}`;
  const key = bytesFields('key', record.key);
  const headers = flattenHeaders(record.headers).map((h) => `{"key":${JSON.stringify(h.key)},${bytesFields('value', h.value)}}`);

  let value = 'null';
  let raw: string | null = null;
  let eventTime = timestamp;
  let rejection: Rejection | undefined;
  const decoded = decode(record.topic, record.value);
  if (!decoded.ok) {
    rejection = decoded.error;
  } else if (decoded.value !== null && (typeof decoded.value !== 'object' || Array.isArray(decoded.value))) {
    rejection = { code: 'not_an_object', message: `${record.topic} value is JSON but not an object` };
  } else if (decoded.value !== null) {
    value = JSON.stringify(decoded.value);
    if (!Buffer.from(value, 'utf8').equals(record.value!)) raw = record.value!.toString('base64');
    const occurredAt = (decoded.value as { occurredAt?: unknown }).occurredAt;
    if (Number.isInteger(occurredAt) && (occurredAt as number) >= MIN_EPOCH_MS && (occurredAt as number) <= MAX_EPOCH_MS) {
      eventTime = occurredAt as number;
    }
  }
  if (rejection && record.value !== null) raw = record.value.toString('base64');

  const text = `${head},"eventTime":${eventTime},${key},"headers":[${headers.join(',')}],"value":${value},"valueBase64":${raw === null ? 'null' : `"${raw}"`}}\n`;
  return rejection ? { text, eventTime, rejection } : { text, eventTime };
}

function bytesFields(name: string, bytes: Buffer | null): string {
  if (bytes === null) return `"${name}":null,"${name}Base64":null`;
  if (isUtf8(bytes)) return `"${name}":${JSON.stringify(bytes.toString('utf8'))},"${name}Base64":null`;
  return `"${name}":null,"${name}Base64":"${bytes.toString('base64')}"`;
}

const NullableString = Type.Union([Type.String(), Type.Null()]);

/**
 * The archived form of one line, as readers (warehouse, trainer, tests) see it. Extra properties
 * are allowed, so a reader keeps working when a later archiver adds a column.
 */
export const ArchivedLineSchema = Type.Object({
  topic: Type.String(),
  partition: Type.Integer({ minimum: 0 }),
  offset: Type.Integer({ minimum: 0 }),
  timestamp: Type.Integer(),
  eventTime: Type.Integer(),
  key: NullableString,
  keyBase64: NullableString,
  headers: Type.Array(Type.Object({ key: Type.String(), value: NullableString, valueBase64: NullableString })),
  value: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  valueBase64: NullableString,
});

export type ArchivedLine = Static<typeof ArchivedLineSchema>;

export interface LineError {
  /** invalid_json: not JSON at all; invalid_line: JSON, but not the archive line shape. */
  code: 'invalid_json' | 'invalid_line';
  message: string;
}

export type ParsedLine = { ok: true; value: ArchivedLine } | { ok: false; error: LineError };

// Compiled once: the reader checks every line of every object it reads.
const lineCheck = TypeCompiler.Compile(ArchivedLineSchema);

/** One NDJSON line (with or without its newline) back into an ArchivedLine, or why it is not one. */
export function parseLine(text: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return { ok: false, error: { code: 'invalid_json', message: `not JSON: ${(cause as Error).message}` } };
  }
  if (lineCheck.Check(json)) return { ok: true, value: json };
  const first = lineCheck.Errors(json).First();
  const where = first?.path ? `${first.path}: ` : '';
  return { ok: false, error: { code: 'invalid_line', message: `not an archive line: ${where}${first?.message ?? 'unexpected shape'}` } };
}

/** The exact original value bytes of an archived line (null for a tombstone). */
export function originalValue(line: ArchivedLine): Buffer | null {
  if (line.valueBase64 !== null) return Buffer.from(line.valueBase64, 'base64');
  return line.value === null ? null : Buffer.from(JSON.stringify(line.value), 'utf8');
}

export function originalKey(line: ArchivedLine): Buffer | null {
  if (line.keyBase64 !== null) return Buffer.from(line.keyBase64, 'base64');
  return line.key === null ? null : Buffer.from(line.key, 'utf8');
}
