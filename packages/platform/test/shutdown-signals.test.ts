// Runs a real child process (node + tsx), sends it real signals and reads its JSON log lines.
// spawnApp's hooks kill it (and its group) after each test whatever the outcome.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnApp, stopProcessesAfterEach } from '../src/testing/app-process.js';

stopProcessesAfterEach();

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Child {
  readonly lines: Record<string, unknown>[];
  waitFor(msg: string): Promise<Record<string, unknown>>;
  signal(name: NodeJS.Signals): void;
  exited: Promise<{ code: number | null }>;
}

function startFixture(mode: string, deadlineMs: number, env: Record<string, string> = {}): Child {
  const app = spawnApp({
    cwd: fixtures, entry: 'shutdown-app.ts', args: [mode], stderr: 'inherit',
    env: { SHUTDOWN_DEADLINE_MS: String(deadlineMs), ...env },
  });
  return {
    lines: app.lines,
    exited: app.exited.then((code) => ({ code })),
    signal: (name) => app.child.kill(name),
    waitFor: (msg) => app.waitForLog(msg),
  };
}

const closedOrder = (lines: Record<string, unknown>[]) =>
  lines.filter((l) => String(l.msg).startsWith('closed ')).map((l) => l.resource);

describe('graceful shutdown of a real process', () => {
  it('on SIGTERM closes servers, then consumers, then clients, and exits 0', async () => {
    const child = startFixture('ordered', 20_000);
    await child.waitFor('ready');
    child.signal('SIGTERM');
    const { code } = await child.exited;
    expect(code).toBe(0);
    expect(closedOrder(child.lines)).toEqual(['http-server', 'kafka-consumer', 'kafka-producer', 'redis']);
    expect(child.lines.map((l) => l.msg)).toContain('received SIGTERM');
    expect(child.lines.at(-1)).toMatchObject({ msg: 'shutdown complete', exitCode: 0 });
  });

  it('exits 1 when a resource hangs past the deadline, naming it and what was left open', async () => {
    const child = startFixture('hang', 300);
    await child.waitFor('ready');
    child.signal('SIGINT');
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(closedOrder(child.lines)).toEqual(['http-server']);
    expect(child.lines.find((l) => l.level === 'error')).toMatchObject({
      hung: 'kafka-consumer',
      notClosed: ['kafka-producer', 'redis'],
      reason: 'deadline of 300ms passed',
    });
  });

  it('a second signal after the repeat window forces the exit before the deadline', async () => {
    const child = startFixture('hang', 120_000);
    await child.waitFor('ready');
    child.signal('SIGTERM');
    await child.waitFor('closed http-server');
    // Past the default 1 s window: an operator pressing again, not a relayed copy of the first.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    child.signal('SIGTERM');
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.lines.find((l) => l.level === 'error')).toMatchObject({
      reason: 'second signal SIGTERM',
      hung: 'kafka-consumer',
    });
  });

  it('takes a repeat of the first signal within the window as the same request (npm and tsx relay Ctrl-C)', async () => {
    // A wide window, so a slow machine cannot push the repeat out of it; the default is 1 s.
    const child = startFixture('hang', 120_000, { SIGNAL_REPEAT_WINDOW_MS: '60000' });
    await child.waitFor('ready');
    child.signal('SIGINT');
    await child.waitFor('closed http-server');
    child.signal('SIGINT');
    await child.waitFor('repeated SIGINT treated as the same request');
    expect(child.lines.some((l) => l.level === 'error')).toBe(false);
    // A different signal is a new request: it still forces the exit.
    child.signal('SIGTERM');
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.lines.find((l) => l.level === 'error')).toMatchObject({ reason: 'second signal SIGTERM', hung: 'kafka-consumer' });
  });

  it('lets a relayed copy of Ctrl-C arrive without cutting the shutdown short', async () => {
    const child = startFixture('ordered', 20_000, { SIGNAL_REPEAT_WINDOW_MS: '60000' });
    await child.waitFor('ready');
    child.signal('SIGINT');
    await child.waitFor('received SIGINT');
    child.signal('SIGINT');
    const { code } = await child.exited;
    expect(code).toBe(0);
    expect(closedOrder(child.lines)).toEqual(['http-server', 'kafka-consumer', 'kafka-producer', 'redis']);
  });
});
