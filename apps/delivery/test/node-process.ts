// Runs src/main.ts as a child process, as production runs a node, for the tests that kill one.
// Resolves once the node logs that it listens (its URL is in that line); kill() is SIGKILL,
// stop() is SIGTERM (the drain) and resolves with the exit code. Output is kept for failures.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly wsUrl: string;
  output(): string;
  kill(): Promise<void>;
  stop(): Promise<number | null>;
}

const appDir = fileURLToPath(new URL('..', import.meta.url));

export async function startNodeProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const done = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (!done()) child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url) {
    url = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"delivery listening"/.exec(output)?.[1];
    if (url) break;
    if (done() || Date.now() > deadline) {
      await kill();
      throw new Error(`delivery did not start:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child, url, wsUrl: `${url.replace('http', 'ws')}/v1/socket`,
    output: () => output,
    kill,
    async stop() {
      if (!done()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
