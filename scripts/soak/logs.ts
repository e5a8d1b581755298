// What the stack's apps logged: the size of each log file and every line at error level or above
// (pino's `"level":"error"` or `"fatal"` — platform's logger writes the level as a word —, or a
// number ≥ 50; a line that is not JSON and mentions an error counts too, so a crash trace printed
// by Node is not missed).
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface LogSummary {
  readonly file: string;
  readonly bytes: number;
  readonly lines: number;
  readonly warnings: number;
  /** The error lines themselves (the first few of each file). */
  readonly errors: readonly string[];
  readonly errorCount: number;
}

export async function summarizeLogs(logDir: string): Promise<LogSummary[]> {
  const summaries: LogSummary[] = [];
  for (const file of (await readdir(logDir)).filter((f) => f.endsWith('.log')).sort()) {
    const path = join(logDir, file);
    let lines = 0;
    let warnings = 0;
    let errorCount = 0;
    const errors: string[] = [];
    for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (!text) continue;
      lines += 1;
      const level = levelOf(text);
      if (level === 40) warnings += 1;
      if (level >= 50) {
        errorCount += 1;
        if (errors.length < 3) errors.push(text.slice(0, 400));
      }
    }
    summaries.push({ file, bytes: (await stat(path)).size, lines, warnings, errors, errorCount });
  }
  return summaries;
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** pino's level of a JSON line; 0 for other lines unless they look like an error. */
export function levelOf(text: string): number {
  if (text.startsWith('{')) {
    const level = /"level":(?:(\d+)|"(\w+)")/.exec(text);
    if (level) return level[1] !== undefined ? Number(level[1]) : LEVELS[level[2]!] ?? 0;
  }
  return /\b(Error|ERR!|FATAL|Uncaught)\b/.test(text) ? 50 : 0;
}
