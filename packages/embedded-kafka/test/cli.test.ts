// The CLI as a newcomer runs it (`npx tessera-kafka --port … --data …`): prints where it listens
// and its flush policy, serves clients, stops on SIGTERM with exit code 0 after flushing, a second
// start on the same data directory still has the records, and a bad flag exits 2 with the reason.
// Every child is SIGKILLed after the file if a failed assertion left it running.
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
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(extra: string[] = []): Promise<{ child: ChildProcess; address: string; line: string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--data', dir, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening on (\S+)/.exec(line);
      if (m) resolve({ child, address: m[1]!, line });
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
  const first = await start(['--flush', 'always']);
  expect(first.address).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(first.line).toContain(`(data in ${dir}, flush always)`);
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
  expect(second.line).toContain('flush interval:200');
  try {
    const got = await consumeAll(new Kafka({ brokers: [second.address], logLevel: logLevel.NOTHING }), topic, 1);
    expect(got.map((m) => m.value)).toEqual(['survives']);
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
});

it('refuses a bad flag value with exit code 2 and says which', async () => {
  const child = spawn(process.execPath, [BIN, '--data', dir, '--flush', 'sometimes'], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(code).toBe(2);
  expect(stderr).toContain(`--flush must be 'always', 'interval' or 'interval:MS', got "sometimes"`);
});
