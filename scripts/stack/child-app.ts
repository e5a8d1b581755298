// Runs one app of the local stack as its own process, exactly as it runs alone (`tsx src/main.ts`
// with environment variables), so the stack exercises the real entry points. Each child gets its
// own process group (Ctrl-C reaches only the launcher, which then stops the children in order with
// one SIGTERM each) and writes its log to <TESSERA_DATA_DIR>/logs/<name>.log.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ChildAppOptions {
  readonly name: string;
  /** The app's folder (its package.json), the working directory of the child. */
  readonly cwd: string;
  /** Entry point relative to cwd, run through tsx. */
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly logDir: string;
  /** Polled until it answers 200: the child is up. */
  readonly readyUrl: string;
  readonly readyTimeoutMs?: number;
}

export interface ChildApp {
  readonly logFile: string;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startChildApp(options: ChildAppOptions): Promise<ChildApp> {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Whatever ends the launcher (even an uncaught error), no child outlives it.
  const orphanGuard = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.once('exit', orphanGuard);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode} while starting; see ${logFile}`);
    if (await answers(options.readyUrl)) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${options.name} was not ready at ${options.readyUrl} in time; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    logFile,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      process.off('exit', orphanGuard);
      log.end();
      return code;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
