// Rewrites archive objects without some of their lines, under the same keys: what erasing a
// user's records from the archive needs. Every archive object under the prefix is read whole,
// each line is parsed and offered to `drop`; an object that loses lines is gzipped again and put
// back under its own key (the key is a function of topic, partition, start offset and hour, all
// unchanged), so every reader, the warehouse's loaders and a replaying archiver keep finding
// it where they expect it. Kept lines keep their exact bytes. An object left with no lines stays
// as an empty gzip object (readers treat it as an object with no lines).
//
// A line that does not parse is offered to `dropRaw` with its text: the caller decides whether
// it may hold what is being erased. An object that cannot be read or decompressed is reported in
// `unreadable`, not skipped silently: whatever it holds was not checked.
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseLine } from './line.js';
import type { ArchivedLine } from './line.js';
import { CONTENT_TYPE, parseObjectKey } from './naming.js';
import type { ObjectStore, StoreError } from './object-store/object-store.js';

export interface RewriteOptions {
  store: Pick<ObjectStore, 'list' | 'get' | 'put'>;
  /** Key prefix to sweep (the archive prefix; every topic folder below it is visited). */
  prefix: string;
  /** true = the line leaves the object (`key` = the object's key). */
  drop: (line: ArchivedLine, key: string) => boolean;
  /** For a line that is not an archive line (bad JSON, other shape): true = it leaves too. */
  dropRaw: (text: string, key: string) => boolean;
}

export interface RewriteReport {
  /** Archive objects read. */
  scanned: number;
  /** Keys put back with fewer lines. */
  rewritten: string[];
  /** Lines removed, over all objects. */
  linesRemoved: number;
  /** Objects that could not be read or decompressed, with why. */
  unreadable: { key: string; message: string }[];
}

export class RewriteError extends Error {
  readonly code = 'rewrite_failed';
  constructor(message: string, readonly retriable: boolean, override readonly cause: StoreError) {
    super(message);
  }
}

const NEWLINE = 0x0a;

/** Sweeps every archive object under `prefix`. Throws RewriteError when listing or a put fails. */
export async function rewriteArchive(options: RewriteOptions): Promise<RewriteReport> {
  const listed = await options.store.list(options.prefix);
  if (!listed.ok) throw new RewriteError(`listing ${options.prefix || '(root)'}: ${listed.error.message}`, listed.error.retriable, listed.error);
  const report: RewriteReport = { scanned: 0, rewritten: [], linesRemoved: 0, unreadable: [] };
  for (const key of listed.value) {
    if (!parseObjectKey(key)) continue;
    report.scanned += 1;
    const got = await options.store.get(key);
    if (!got.ok) {
      if (got.error.retriable) throw new RewriteError(`reading ${key}: ${got.error.message}`, true, got.error);
      report.unreadable.push({ key, message: got.error.message });
      continue;
    }
    let text: Buffer;
    try {
      text = gunzipSync(got.value);
    } catch (cause) {
      report.unreadable.push({ key, message: `not a whole gzip object: ${(cause as Error).message}` });
      continue;
    }
    const { kept, removed } = filterLines(text, { drop: (line) => options.drop(line, key), dropRaw: (raw) => options.dropRaw(raw, key) });
    if (removed === 0) continue;
    const put = await options.store.put(key, gzipSync(kept), CONTENT_TYPE);
    if (!put.ok) throw new RewriteError(`rewriting ${key}: ${put.error.message}`, put.error.retriable, put.error);
    report.rewritten.push(key);
    report.linesRemoved += removed;
  }
  return report;
}

/** The object's text without the dropped lines; kept lines are byte-identical, newline-ended. */
export function filterLines(text: Buffer, options: { drop: (line: ArchivedLine) => boolean; dropRaw: (text: string) => boolean }): { kept: Buffer; removed: number } {
  const keep: Buffer[] = [];
  let removed = 0;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(NEWLINE, start);
    const line = text.subarray(start, end === -1 ? text.length : end);
    start = end === -1 ? text.length : end + 1;
    if (line.length === 0) continue;
    const lineText = line.toString('utf8');
    const parsed = parseLine(lineText);
    const dropped = parsed.ok ? options.drop(parsed.value) : options.dropRaw(lineText);
    if (dropped) removed += 1;
    else keep.push(line, Buffer.of(NEWLINE));
  }
  return { kept: Buffer.concat(keep), removed };
}
