// Reads an interaction log for offline evaluation: CSV with a header naming at least user_id,
// item_id and timestamp (any order, case-insensitive; an optional categories column holds
// "|"-separated categories; other columns are ignored). A row that cannot be used (wrong number of
// fields, broken quoting, an empty id, a timestamp that is neither a number nor an ISO date) is
// counted and reported with its line number, never fatal. Timestamps that are numbers are epoch
// seconds when every numeric timestamp is below 1e11 (any log after 1973 in ms is above), else
// epoch milliseconds; ISO dates are converted to milliseconds.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export interface LogEvent {
  readonly user: number;
  readonly item: number;
  /** Epoch ms. */
  readonly at: number;
  /** Position in the file (ties in time keep file order). */
  readonly order: number;
}

export interface InteractionLog {
  readonly events: LogEvent[];
  readonly userIds: string[];
  readonly itemIds: string[];
  /** Categories of each item (from its first row that has any). */
  readonly itemCategories: string[][];
  readonly malformed: number;
  /** The first few malformed rows: line number and why. */
  readonly problems: { line: number; reason: string }[];
  readonly timeUnit: 'seconds' | 'milliseconds';
}

export class LogFormatError extends Error {
  readonly code = 'invalid_log';
}

const REQUIRED = ['user_id', 'item_id', 'timestamp'] as const;
const MAX_PROBLEMS = 10;

export async function readInteractionLog(input: string | Readable): Promise<InteractionLog> {
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const parser = source.pipe(parse({
    bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, trim: true, info: true,
  }));
  source.on('error', (error: Error) => parser.destroy(error)); // pipe() does not forward a read error
  const problems: { line: number; reason: string }[] = [];
  let malformed = 0;
  const problem = (line: number, reason: string) => {
    malformed += 1;
    if (problems.length < MAX_PROBLEMS) problems.push({ line, reason });
  };
  parser.on('skip', (error: Error & { lines?: number }) => problem(error.lines ?? 0, error.message));

  let columns: { user: number; item: number; time: number; categories: number } | undefined;
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const itemCategories: string[][] = [];
  const raw: { user: number; item: number; time: number; numeric: boolean; order: number }[] = [];

  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!columns) {
      const names = record.map((name) => name.toLowerCase());
      const missing = REQUIRED.filter((name) => !names.includes(name));
      if (missing.length > 0) throw new LogFormatError(`the header must name ${REQUIRED.join(', ')}; missing: ${missing.join(', ')} (got "${record.join(',').slice(0, 200)}")`);
      columns = { user: names.indexOf('user_id'), item: names.indexOf('item_id'), time: names.indexOf('timestamp'), categories: names.indexOf('categories') };
      continue;
    }
    const user = record[columns.user] ?? '';
    const item = record[columns.item] ?? '';
    const stamp = record[columns.time] ?? '';
    if (record.length < 3 || Math.max(columns.user, columns.item, columns.time) >= record.length) {
      problem(info.lines, `expected at least ${Math.max(columns.user, columns.item, columns.time) + 1} fields, got ${record.length}`);
      continue;
    }
    if (user === '' || item === '') {
      problem(info.lines, 'empty user_id or item_id');
      continue;
    }
    const numeric = /^-?\d+(\.\d+)?$/.test(stamp);
    const time = numeric ? Number(stamp) : Date.parse(stamp);
    if (!Number.isFinite(time) || time < 0) {
      problem(info.lines, `timestamp "${stamp.slice(0, 40)}" is neither a non-negative number nor an ISO date`);
      continue;
    }
    let u = userIndex.get(user);
    if (u === undefined) {
      u = userIds.push(user) - 1;
      userIndex.set(user, u);
    }
    let i = itemIndex.get(item);
    if (i === undefined) {
      i = itemIds.push(item) - 1;
      itemIndex.set(item, i);
      itemCategories.push([]);
    }
    if (columns.categories >= 0 && itemCategories[i]!.length === 0) {
      const categories = (record[columns.categories] ?? '').split('|').map((c) => c.trim()).filter((c) => c !== '' && c !== '(no genres listed)');
      itemCategories[i] = [...new Set(categories)];
    }
    raw.push({ user: u, item: i, time, numeric, order: raw.length });
  }
  if (!columns) throw new LogFormatError('the file is empty: expected a header user_id,item_id,timestamp[,categories]');

  const numericTimes = raw.filter((r) => r.numeric).map((r) => r.time);
  const seconds = numericTimes.length > 0 && numericTimes.every((t) => t < 1e11);
  const events = raw.map((r) => ({ user: r.user, item: r.item, at: r.numeric && seconds ? r.time * 1000 : r.time, order: r.order }));
  return { events, userIds, itemIds, itemCategories, malformed, problems, timeUnit: seconds ? 'seconds' : 'milliseconds' };
}
