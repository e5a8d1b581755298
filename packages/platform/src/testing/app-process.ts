// Test support (never imported by production code): an app's entry point run as a real child
// process (node + tsx, as `npm start` runs it), its JSON log lines collected, waits that resolve on
// the log line or the exit itself rather than on fixed sleeps, and cleanup that cannot be
// skipped. Every process is started as the leader of its own process group and tracked until it
// exits; `stopProcessesAfterEach()` registers vitest hooks that SIGKILL the whole group of any
// process still running after each test and file, whatever the outcome, including a test that
// timed out while awaiting (vitest abandons such a test's `finally`, but runs its hooks). An exit
// handler does the same when the worker process exits normally (not when it is killed).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

export type LogLine = Record<string, unknown>;

export interface AppProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every stdout line so far, parsed as JSON (non-JSON lines as `{ msg: line }`). */
  readonly lines: LogLine[];
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The first line (already logged or still to come) matching; rejects if the process exits first or after `timeoutMs`. */
  waitForLog(match: string | ((line: LogLine) => boolean), timeoutMs?: number): Promise<LogLine>;
  /** Sends `signal` to the process itself (not its group) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILLs the whole process group and waits for the exit. */
  kill(): Promise<void>;
}

export interface SpawnAppOptions {
  /** Directory of the app (its package root). */
  readonly cwd: string;
  /** Entry file relative to cwd, run through tsx. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** stdout is always piped (log lines); stderr is collected unless 'inherit'. */
  readonly stderr?: 'pipe' | 'inherit';
}

const live = new Set<AppProcess>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

// The worker that started the processes exits without running the hooks (an uncaught error).
process.once('exit', () => {
  for (const p of live) killGroup(p.pid);
});

export function spawnApp(options: SpawnAppOptions): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'],
    // Its own process group, so cleanup reaches anything it starts in turn.
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.entry}`);
  const pid = child.pid;
  const lines: LogLine[] = [];
  const waiters = new Set<(line: LogLine) => void>();
  let buffered = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (buffered + chunk.toString()).split('\n');
    buffered = parts.pop() ?? '';
    for (const text of parts) {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      lines.push(line);
      for (const waiter of [...waiters]) waiter(line);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      live.delete(app);
      resolve(code);
    });
  });
  const running = () => exitCode === undefined;

  const app: AppProcess = {
    child,
    pid,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog(match, timeoutMs = 60_000) {
      const test = typeof match === 'string' ? (line: LogLine) => line.msg === match : match;
      const what = typeof match === 'string' ? `log "${match}"` : 'a matching log line';
      const found = lines.find(test);
      if (found) return Promise.resolve(found);
      return new Promise<LogLine>((resolve, reject) => {
        const done = () => {
          waiters.delete(onLine);
          clearTimeout(timer);
        };
        const onLine = (line: LogLine) => {
          if (!test(line)) return;
          done();
          resolve(line);
        };
        // Not an assertion on time: a bound on how long a broken start can hold the test.
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${options.entry}: no ${what} within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
        }, timeoutMs);
        waiters.add(onLine);
        void exited.then((code) => {
          if (!waiters.has(onLine)) return;
          done();
          reject(new Error(`${options.entry} exited (${code}) before ${what}; stderr: ${stderr.slice(-2000)}`));
        });
      });
    },
    async stop(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      return exited;
    },
    async kill() {
      if (running()) killGroup(pid);
      await exited;
    },
  };
  live.add(app);
  return app;
}

/** SIGKILLs every process spawned here that is still running (with its group) and waits for them. */
export async function killAllApps(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill()));
}

const tempDirs = new Set<string>();

/** A fresh temporary directory, removed by the hooks of `stopProcessesAfterEach` (after the processes using it are dead). */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

async function removeTempDirs(): Promise<void> {
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * Call once at the top of a test file that spawns processes: after each test and after the file,
 * every process still running is killed with its group, then temporary directories are removed.
 */
export function stopProcessesAfterEach(): void {
  const cleanup = async () => {
    await killAllApps();
    await removeTempDirs();
  };
  afterEach(cleanup, 30_000);
  afterAll(cleanup, 30_000);
}
