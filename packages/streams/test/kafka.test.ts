// kafkajs' own log lines go through the app's pino logger as JSON with the kafkajs namespace,
// so a broker that cannot be reached shows up in the app's log, not on a stray console.
import { Writable } from 'node:stream';
import { createLogger } from '@tessera/platform/logger';
import { describe, expect, it } from 'vitest';
import { createKafka } from '../src/kafka.js';

describe('createKafka', () => {
  it('routes kafkajs log lines to the pino logger', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ name: 'kafka-test', level: 'debug', destination });
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const kafka = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'log-test', connectionTimeoutMs: 500, retry: { retries: 0 } }, logger);
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow();
    const refused = lines.find((l) => l.component === 'kafkajs' && l.level === 'error' && String(l.msg).includes('ECONNREFUSED'));
    expect(refused).toMatchObject({ name: 'kafka-test', namespace: expect.any(String), broker: '127.0.0.1:1' });
  });
});
