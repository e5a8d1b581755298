import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the app name, level word and ISO time', () => {
    const { lines, destination } = capture();
    createLogger({ name: 'beacon', destination }).info({ partition: 3 }, 'consumer started');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ name: 'beacon', level: 'info', msg: 'consumer started', partition: 3 });
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it('redacts secret-looking keys at the top level and nested', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'delivery', destination, redact: ['job.card'] });
    logger.info({
      token: 't0p',
      config: { JWT_SECRET: 'jwt-value', PORT: 8080 },
      req: { headers: { authorization: 'Bearer abc', 'set-cookie': 'sid=1', host: 'h' } },
      kafka: { sasl: { password: 'sasl-pw' } },
      job: { card: 'private', id: 7 },
    });
    const line = JSON.stringify(lines[0]);
    for (const leaked of ['t0p', 'jwt-value', 'Bearer abc', 'sid=1', 'private']) expect(line).not.toContain(leaked);
    expect(lines[0]).toMatchObject({
      token: '[redacted]',
      config: { JWT_SECRET: '[redacted]', PORT: 8080 },
      req: { headers: { authorization: '[redacted]', 'set-cookie': '[redacted]', host: 'h' } },
      job: { card: '[redacted]', id: 7 },
    });
    // kafka.sasl.password is two objects deep: the deepest the built-in paths reach.
    expect(line).not.toContain('sasl-pw');
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'x', level: 'warn', destination });
    logger.info('dropped');
    logger.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });
});
