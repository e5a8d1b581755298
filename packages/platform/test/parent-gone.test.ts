// onParentGone in a real process tree: a middle process starts the fixture app and is SIGKILLed
// (no signal reaches the app); the app notices it was re-parented and runs its ordered shutdown.
// The test waits for the app's log lines and exit, and SIGKILLs whatever it started if anything
// is left when it ends.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/shutdown-app.ts', import.meta.url));
const started: number[] = [];
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

it('an app whose starter is SIGKILLed shuts down in order and exits', async () => {
  const middleScript = `
    const { spawn } = require('node:child_process');
    const app = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(fixture)}, 'ordered'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WATCH_PARENT: '1' } });
    console.log(JSON.stringify({ msg: 'middle', app: app.pid }));
    setInterval(() => {}, 60000);`;
  const middle = spawn(process.execPath, ['-e', middleScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(middle.pid!);
  const lines: Record<string, unknown>[] = [];
  const seen = new Map<string, () => void>();
  const waitFor = (msg: string) => new Promise<void>((resolve) => {
    if (lines.some((l) => l.msg === msg)) resolve();
    else seen.set(msg, resolve);
  });
  createInterface({ input: middle.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    seen.get(String(line.msg))?.();
  });
  await waitFor('middle');
  const app = Number(lines.find((l) => l.msg === 'middle')!.app);
  started.push(app);
  await waitFor('ready');

  middle.kill('SIGKILL');
  await waitFor('shutdown complete');
  expect(lines.map((l) => l.msg)).toContain('closed http-server');
  expect(lines.at(-1)).toMatchObject({ msg: 'shutdown complete', exitCode: 0 });
  await new Promise<void>((resolve) => { const poll = setInterval(() => { if (!alive(app)) { clearInterval(poll); resolve(); } }, 20); });
});
