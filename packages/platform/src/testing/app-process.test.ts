// The process helper every app's process test relies on: log waits resolve on the line itself,
// a kill reaches the process group, and a test that times out while awaiting still has its
// processes killed by the hooks (checked in a separate vitest run of a stuck test file).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { killAllApps, spawnApp, stopProcessesAfterEach, tempDir } from './app-process.js';

stopProcessesAfterEach();

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for the pid to be gone (a killed process is reaped by its parent a moment later). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 25));
  return !alive(pid);
}

describe('spawnApp', () => {
  it('kills the whole process group, grandchildren included', async () => {
    const app = spawnApp({ cwd: fixtures, entry: 'spawning-app.ts' });
    const ready = await app.waitForLog('ready');
    const grandchild = Number(ready.grandchild);
    expect(alive(grandchild)).toBe(true);
    await killAllApps();
    expect(await app.exited).toBeNull();
    expect(await gone(grandchild)).toBe(true);
  });

  it('rejects a log wait when the process exits first, with its exit code', async () => {
    const app = spawnApp({ cwd: fixtures, entry: 'spawning-app.ts', args: ['exit'] });
    await expect(app.waitForLog('never logged')).rejects.toThrow(/exited \(3\)/);
    expect(await app.exited).toBe(3);
  });

  it('kills what a test started even when the test times out while awaiting', async () => {
    const dir = await tempDir('app-process');
    const pidsFile = join(dir, 'pids');
    await writeFile(pidsFile, '');
    const vitest = fileURLToPath(new URL('../../../../node_modules/vitest/vitest.mjs', import.meta.url));
    const run = await promisify(execFile)(process.execPath, [vitest, 'run', '--root', join(fixtures, 'stuck-suite')], {
      env: { ...process.env, PIDS_FILE: pidsFile },
    }).then(() => 'passed', (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`);
    expect(run).toMatch(/timed out/i);
    const [line = '', ...rest] = (await readFile(pidsFile, 'utf8')).split('\n').filter(Boolean);
    // The test reached its endless await, its finally never ran, and the next test of that file
    // found the process already killed by the hooks.
    expect(rest).toEqual(['waiting', 'dead after the hooks']);
    const [pid, grandchild] = line.split(' ').map(Number);
    expect(await gone(pid!)).toBe(true);
    expect(await gone(grandchild!)).toBe(true);
  }, 120_000);
});
