// kafkajs' own log lines go through the app's pino logger as JSON with the kafkajs namespace,
// so a broker that cannot be reached shows up in the app's log, not on a stray console; error
// responses the client retries and consumer crashes it restarts from are warnings there.
import { Writable } from 'node:stream';
import { createLogger } from '@tessera/platform/logger';
import { describe, expect, it } from 'vitest';
import { logLevel } from 'kafkajs';
import { createKafka, kafkaEntryLevel } from '../src/kafka.js';

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

const entry = (namespace: string, level: logLevel, message: string) => ({ namespace, level, log: { message } });

describe('kafkaEntryLevel', () => {
  it('logs an error response on a connection (retried by the caller) as a warning', () => {
    expect(kafkaEntryLevel(entry('Connection', logLevel.ERROR, 'Response Metadata(key: 3, version: 6)'))).toBe('warn');
  });

  it('logs a consumer crash kafkajs recovers from as a warning (the runner logs the verdict)', () => {
    expect(kafkaEntryLevel(entry('Consumer', logLevel.ERROR, "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group"))).toBe('warn');
    expect(kafkaEntryLevel(entry('Consumer', logLevel.ERROR, 'Restarting the consumer in 300ms'))).toBe('warn');
  });

  it('keeps other errors as errors and maps the other levels', () => {
    expect(kafkaEntryLevel(entry('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED'))).toBe('error');
    expect(kafkaEntryLevel(entry('Consumer', logLevel.ERROR, 'Caught error when stopping the consumer: x'))).toBe('error');
    expect(kafkaEntryLevel(entry('Runner', logLevel.WARN, 'x'))).toBe('warn');
    expect(kafkaEntryLevel(entry('Consumer', logLevel.INFO, 'Starting'))).toBe('info');
    expect(kafkaEntryLevel(entry('Connection', logLevel.DEBUG, 'Response Fetch'))).toBe('debug');
  });
});
