// No broker outlives whoever started it (issue 13 item 18): startBrokerProcess spawns the broker
// itself (no npx/tsx wrapper), stop() ends that process, and when the starting process is
// SIGKILLed the broker notices its stdin pipe closing, flushes and exits. "No broker left" is
// checked the way an operator would: no process on the machine has the data directory on its
// command line, and the port refuses connections. Whatever the outcome, every process this file
// started (found by that data directory) is SIGKILLed at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startBrokerProcess } from '../src/broker-process.js';
import { eventually } from './helpers.js';

const dirs: string[] = [];
const parents: ChildProcess[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broker-process-'));
  dirs.push(dir);
  return dir;
}

/** Pids of processes whose command line names `dir`. */
function processesWith(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline = '';
    try { cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8'); } catch { continue; }
    if (cmdline.split('\0').includes(dir)) found.push(Number(entry));
  }
  return found;
}

function refuses(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host!);
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(true));
  });
}

afterEach(() => {
  for (const parent of parents.splice(0)) if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
  for (const dir of dirs.splice(0)) {
    for (const pid of processesWith(dir)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

it('stop() ends the broker process itself', async () => {
  const dir = dataDir();
  const broker = await startBrokerProcess({ dataDir: dir });
  expect(processesWith(dir)).toEqual([broker.pid]); // the broker is the only process: no wrapper
  await broker.stop();
  expect(processesWith(dir)).toEqual([]);
  expect(await refuses(broker.brokers[0]!)).toBe(true);
});

it('a SIGKILLed starter leaves no broker behind', async () => {
  const dir = dataDir();
  const parent = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/broker-parent.ts', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  parents.push(parent);
  const started = await new Promise<{ pid: number; address: string }>((resolve, reject) => {
    parent.once('exit', (code) => reject(new Error(`broker-parent exited with ${code}`)));
    createInterface({ input: parent.stdout! }).once('line', (line) => resolve(JSON.parse(line) as { pid: number; address: string }));
  });
  expect(processesWith(dir)).toContain(started.pid);
  parent.kill('SIGKILL');
  await eventually(() => (processesWith(dir).length === 0 ? true : undefined), 30_000, `the broker (pid ${started.pid}) to exit`);
  expect(await refuses(started.address)).toBe(true);
});
