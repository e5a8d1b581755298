// Reads one topic of the archive back, for a range of event time: lists the topic's objects,
// keeps the dt=/hr= folders that can hold events of [fromMs, toMs), downloads them in key order
// (the next one while the current one is being read), gunzips each as a stream, splits it into
// lines, checks each line's shape and filters it by `eventTime`. Corrupt input never throws out
// of the iterator: a broken gzip object, a bad line or an object the store cannot give back is
// counted, reported through onProblem and skipped. What does throw: a listing that keeps failing
// (without it nothing can be read, and an empty result would look like an empty archive), and an
// abort through `signal`.
import { createGunzip } from 'node:zlib';
import { parseLine } from '../line.js';
import type { ArchivedLine } from '../line.js';
import type { ObjectStore, StoreError } from '../object-store/object-store.js';
import { listArchiveObjects } from './objects.js';
import { splitLines } from './lines.js';
import { DEFAULT_RETRY, withRetry } from './retry.js';
import type { RetryPolicy } from './retry.js';

export { listArchiveObjects };
export type { ObjectRange } from './objects.js';
export type { RetryPolicy } from './retry.js';

export interface ReadProblem {
  kind: 'corrupt_object' | 'bad_line' | 'unreadable_object';
  key: string;
  /** bad_line: the line's number in the decompressed object, from 1. */
  line?: number;
  message: string;
}

export interface ReadStats {
  /** Objects selected by the time range and processed (corrupt and unreadable ones included). */
  objects: number;
  /** Lines yielded (in the range). */
  lines: number;
  /** Lines skipped as not JSON, not the archive line shape, or too long. */
  skippedLines: number;
  /** Objects whose gzip stream is broken (truncated, not gzip, empty file). */
  corruptObjects: number;
  /** Reports made through onProblem: skippedLines + corruptObjects + unreadable objects. */
  problems: number;
}

export interface ReadOptions {
  store: Pick<ObjectStore, 'list' | 'get'>;
  /** The archive's key prefix ('' by default), as the archiver writes it (ARCHIVE_PREFIX). */
  prefix?: string;
  /** Physical topic name as archived (folder name). */
  topic: string;
  /** Event time, inclusive; undefined = from the beginning. */
  fromMs?: number;
  /** Event time, exclusive; undefined = no end. */
  toMs?: number;
  /** Called for every skipped line / object. */
  onProblem?: (p: ReadProblem) => void;
  signal?: AbortSignal;
  /** Retries of retriable store errors (default 4 calls, 200 ms doubling, at most 5 s apart). */
  retry?: Partial<RetryPolicy>;
  /** A longer line is skipped as bad_line without being held in memory (default 16 MiB). */
  maxLineBytes?: number;
}

export type ArchiveReader = AsyncIterable<ArchivedLine> & { stats(): ReadStats };

/** The listing kept failing: nothing was read. `retriable` says whether a later run may succeed. */
export class ArchiveListError extends Error {
  readonly code = 'list_failed';
  readonly retriable: boolean;

  constructor(error: StoreError, attempts: number) {
    super(`listing the archive failed after ${attempts} attempt(s): ${error.message}`, { cause: error });
    this.name = 'ArchiveListError';
    this.retriable = error.retriable;
  }
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export function readArchive(options: ReadOptions): ArchiveReader {
  const { fromMs, toMs, signal } = options;
  for (const [name, value] of [['fromMs', fromMs], ['toMs', toMs]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw new TypeError(`readArchive: ${name} must be a finite number of ms, got ${value}`);
  }
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const stats: ReadStats = { objects: 0, lines: 0, skippedLines: 0, corruptObjects: 0, problems: 0 };
  const report = (problem: ReadProblem): void => {
    stats.problems += 1;
    options.onProblem?.(problem);
  };
  const inRange = (t: number): boolean => (fromMs === undefined || t >= fromMs) && (toMs === undefined || t < toMs);
  const fetch = (key: string) => withRetry(() => options.store.get(key), retry, signal);

  async function* read(): AsyncGenerator<ArchivedLine> {
    const range = { topic: options.topic, ...(options.prefix === undefined ? {} : { prefix: options.prefix }), ...(fromMs === undefined ? {} : { fromMs }), ...(toMs === undefined ? {} : { toMs }) };
    const listed = await withRetry(() => listArchiveObjects(options.store, range), retry, signal);
    signal?.throwIfAborted();
    if (!listed.ok) throw new ArchiveListError(listed.error, listed.attempts);

    const keys = listed.value;
    let next = keys.length > 0 ? fetch(keys[0]!) : undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const body = await next!;
      signal?.throwIfAborted();
      // One object ahead: its download overlaps the decoding of this one (GCS round trips).
      next = i + 1 < keys.length ? fetch(keys[i + 1]!) : undefined;
      stats.objects += 1;
      if (!body.ok) {
        report({ kind: 'unreadable_object', key, message: `${body.error.code} after ${body.attempts} attempt(s): ${body.error.message}` });
        continue;
      }
      const gunzip = createGunzip();
      gunzip.end(body.value);
      try {
        for await (const item of splitLines(gunzip, maxLineBytes)) {
          signal?.throwIfAborted();
          if ('tooLong' in item) {
            stats.skippedLines += 1;
            report({ kind: 'bad_line', key, line: item.number, message: `line longer than ${maxLineBytes} bytes` });
            continue;
          }
          const parsed = parseLine(item.text);
          if (!parsed.ok) {
            stats.skippedLines += 1;
            report({ kind: 'bad_line', key, line: item.number, message: `${parsed.error.code}: ${parsed.error.message}` });
            continue;
          }
          if (!inRange(parsed.value.eventTime)) continue;
          stats.lines += 1;
          yield parsed.value;
        }
      } catch (error) {
        if (!isZlibError(error)) throw error;
        // Lines before the break were yielded; the unfinished line at the break is dropped.
        stats.corruptObjects += 1;
        report({ kind: 'corrupt_object', key, message: `not a complete gzip object (${body.value.length} bytes): ${error.message}` });
      } finally {
        gunzip.destroy();
      }
    }
  }

  let started = false;
  return {
    [Symbol.asyncIterator]() {
      if (started) throw new Error('readArchive: a reader is iterated once; call readArchive again to read again');
      started = true;
      return read();
    },
    stats: () => ({ ...stats }),
  };
}

function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}
