// Runs src/main.ts as a real child process (through tsx, as `npm start` does) and reads its JSON
// log lines, so tests can kill it with SIGKILL or stop it with SIGTERM like an orchestrator. Built
// on @tessera/platform/testing/app-process: the process leads its own process group (a SIGKILL
// reaches anything it started) and waits resolve on the log line itself. A test file registers
// the kill before awaiting anything (its harness's defer, an afterAll cleanup, or
// stopProcessesAfterEach), so the process dies with the test whatever the outcome.
import { fileURLToPath } from 'node:url';
import { spawnApp } from '@tessera/platform/testing/app-process';
import type { AppProcess } from '@tessera/platform/testing/app-process';

const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface CdcProcess {
  readonly child: AppProcess['child'];
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILL kills the process group; another signal goes to the process. Resolves with the exit code. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function spawnCdc(env: Record<string, string>): CdcProcess {
  const app = spawnApp({ cwd: APP_DIR, entry: 'src/main.ts', env: { LOG_LEVEL: 'info', OPS_PORT: '0', ...env } });
  return {
    child: app.child,
    lines: app.lines,
    exited: app.exited,
    waitForLog: (msg, timeoutMs = 60_000) => app.waitForLog(msg, timeoutMs),
    async kill(signal) {
      if (signal === 'SIGKILL') {
        await app.kill();
        return app.exited;
      }
      return app.stop(signal);
    },
  };
}
