// The CLI as a newcomer runs it (`npx tessera-kafka --port … --data …`): prints where it listens,
// serves clients, stops on SIGTERM with exit code 0 after flushing, and a second start on the same
// data directory still has the records.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { consumeAll } from './consume.js';
import { uid } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/tessera-kafka.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening on (\S+)/.exec(line);
      if (m) resolve({ child, address: m[1]! });
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

it('serves, stops cleanly on SIGTERM and restarts with its data', async () => {
  const topic = uid('cli');
  const first = await start();
  expect(first.address).toMatch(/^127\.0\.0\.1:\d+$/);
  const k1 = new Kafka({ brokers: [first.address], logLevel: logLevel.NOTHING });
  const admin = k1.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  await admin.disconnect();
  const producer = k1.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'survives' }] });
  await producer.disconnect();
  expect(await stop(first.child)).toBe(0);

  const second = await start();
  try {
    const got = await consumeAll(new Kafka({ brokers: [second.address], logLevel: logLevel.NOTHING }), topic, 1);
    expect(got.map((m) => m.value)).toEqual(['survives']);
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
});
