// Runs src/main.ts as a real child process (through tsx, as `npm start` does) and reads its JSON
// log lines, so tests can kill it with SIGKILL or stop it with SIGTERM like an orchestrator.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './kafka.js';

const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface CdcProcess {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function spawnCdc(env: Record<string, string>): CdcProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, LOG_LEVEL: 'info', OPS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    async waitForLog(msg, timeoutMs = 60_000) {
      await waitUntil(() => lines.some((l) => l.msg === msg) || child.exitCode !== null, `log "${msg}"`, timeoutMs);
      const found = lines.find((l) => l.msg === msg);
      if (!found) throw new Error(`users-cdc exited (${child.exitCode}) before logging "${msg}": ${stderr.slice(-2000)}`);
      return found;
    },
    async kill(signal) {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
