// Test support: archive objects written exactly as the archiver writes them (lines from the real
// encoder, gzip, the real key layout) through any ObjectStore, plus helpers to read them back.
import { gzipSync } from 'node:zlib';
import { encodeLine, jsonDecoder } from '../src/line.js';
import type { ArchivedLine } from '../src/line.js';
import { CONTENT_TYPE, hourPartition, objectKey } from '../src/naming.js';
import type { ObjectStore } from '../src/object-store/object-store.js';
import type { ArchiveReader, ReadProblem } from '../src/reader/reader.js';

export const HOUR = 3_600_000;
/** 2026-11-21 22:00 UTC: a day boundary two hours later. */
export const T0 = Date.UTC(2026, 10, 21, 22);

/** One archive line of `topic` at `eventTime` (the value's occurredAt), as the archiver encodes it. */
export function lineText(topic: string, partition: number, offset: number, eventTime: number): string {
  const value = Buffer.from(JSON.stringify({ eventId: `e-${topic}-${partition}-${offset}`, occurredAt: eventTime }));
  return encodeLine({ topic, partition, offset: String(offset), timestamp: String(eventTime + 5), key: Buffer.from(`u-${offset % 7}`), value, headers: {} }, jsonDecoder).text;
}

export interface WrittenObject {
  key: string;
  lines: ArchivedLine[];
}

/** `eventTimes.length` records from `startOffset` in one object; the folder is the first event's hour. */
export async function putObject(store: Pick<ObjectStore, 'put'>, prefix: string, topic: string, partition: number, startOffset: number, eventTimes: number[]): Promise<WrittenObject> {
  const texts = eventTimes.map((t, i) => lineText(topic, partition, startOffset + i, t));
  const key = objectKey(prefix, topic, partition, String(startOffset), hourPartition(eventTimes[0]!));
  await putRaw(store, key, gzipSync(Buffer.from(texts.join(''), 'utf8')));
  return { key, lines: texts.map((t) => JSON.parse(t) as ArchivedLine) };
}

export async function putRaw(store: Pick<ObjectStore, 'put'>, key: string, body: Buffer): Promise<void> {
  const result = await store.put(key, body, CONTENT_TYPE);
  if (!result.ok) throw new Error(result.error.message);
}

/** Every minute of [from, to). */
export function minutes(from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += 60_000) out.push(t);
  return out;
}

export async function readAll(reader: ArchiveReader): Promise<ArchivedLine[]> {
  const out: ArchivedLine[] = [];
  for await (const line of reader) out.push(line);
  return out;
}

export function problemLog(): { problems: ReadProblem[]; onProblem: (p: ReadProblem) => void } {
  const problems: ReadProblem[] = [];
  return { problems, onProblem: (p) => problems.push(p) };
}
