// Owns a real pino logger whose JSON lines are kept in memory, so tests assert on what was logged.
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import type { Logger } from '../../src/logger.js';

export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: Record<string, unknown>[];
  messages(): string[];
}

export function captureLogger(name = 'test'): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return {
    logger: createLogger({ name, level: 'debug', destination }),
    lines,
    messages: () => lines.map((line) => String(line.msg)),
  };
}
