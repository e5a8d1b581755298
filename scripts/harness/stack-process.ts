// `npm start` as a child process for the loop test and the freshness benchmark: a fresh
// TESSERA_DATA_DIR, free ports for every app, the stack's own Redis (REDIS_URL names a port
// nothing answers on), settings overridden by the caller. Resolves once the launcher printed its
// summary. stop() sends Ctrl-C (SIGINT to the launcher's process group), waits for the exit and
// SIGKILLs anything of this run still alive (processes whose environment names the data dir), so
// nothing outlives the caller on any outcome.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../stack/free-port.js';

const PORT_NAMES = ['KAFKA_PORT', 'KAFKA_ADMIN_PORT', 'DEMO_FEEDS_PORT', 'AGGREGATOR_PORT', 'BEACON_PORT', 'USERS_TABLE_PORT', 'BEACON_ENRICHER_PORT',
  'CLICKS_PORT', 'CLICKS_ENRICHER_PORT', 'USERS_CDC_PORT', 'ARCHIVER_PORT', 'RECOMMENDER_PORT', 'TRAINER_PORT', 'DELIVERY_PORT', 'WAREHOUSE_PORT'] as const;
export type PortName = (typeof PORT_NAMES)[number];

export interface StackProcess {
  readonly dataDir: string;
  readonly ports: Readonly<Record<PortName, number>>;
  readonly pid: number;
  output(): string;
  url(port: PortName): string;
  /** Ctrl-C; resolves with the launcher's exit code and the pids that had to be killed after it. */
  stop(timeoutMs?: number): Promise<{ code: number | string | null; leftovers: string[] }>;
  /** Removes the data dir (keep it when something failed: the app logs are there). */
  clean(): Promise<void>;
}

export async function launchStack(settings: Record<string, string>, startupMs = 180_000): Promise<StackProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-stack-'));
  await chmod(dataDir, 0o755); // a local Postgres runs as the postgres user and must reach its data
  const ports = {} as Record<PortName, number>;
  for (const name of PORT_NAMES) ports[name] = await freePort();
  const env = {
    ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    REDIS_URL: `redis://127.0.0.1:${await freePort()}`, TESSERA_DATA_DIR: dataDir, ...settings,
  };
  const cwd = new URL('../..', import.meta.url).pathname;
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  launcher.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const exited = new Promise<number | string | null>((resolve) => launcher.once('close', (code, signal) => resolve(code ?? signal)));
  let stopping: Promise<{ code: number | string | null; leftovers: string[] }> | undefined;

  const handle: StackProcess = {
    dataDir, ports, pid: launcher.pid ?? -1,
    output: () => output,
    url: (port) => `http://127.0.0.1:${ports[port]}`,
    stop(timeoutMs = 70_000) {
      stopping ??= (async () => {
        if (launcher.exitCode === null && launcher.signalCode === null) {
          try { process.kill(-(launcher.pid as number), 'SIGINT'); } catch { /* gone */ }
        }
        let timer: NodeJS.Timeout | undefined;
        const code = await Promise.race([exited, new Promise<string>((resolve) => { timer = setTimeout(() => resolve(`still running ${timeoutMs / 1000} s after Ctrl-C`), timeoutMs); })]);
        clearTimeout(timer);
        const leftovers = await processesOf(dataDir);
        for (const pid of leftovers) {
          try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
        }
        return { code, leftovers };
      })();
      return stopping;
    },
    clean: () => rm(dataDir, { recursive: true, force: true }),
  };

  const deadline = Date.now() + startupMs;
  while (!output.includes('Ctrl-C stops everything.')) {
    if (launcher.exitCode !== null || launcher.signalCode !== null) {
      await handle.stop();
      throw new Error(`npm start exited (${launcher.exitCode ?? launcher.signalCode}) before its summary; logs in ${dataDir}/logs\n${output.slice(-4_000)}`);
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`no summary from npm start within ${startupMs / 1000} s; logs in ${dataDir}/logs\n${output.slice(-4_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return handle;
}

/** Pids of processes whose environment names this data dir: the launcher's children inherit it. */
export async function processesOf(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`TESSERA_DATA_DIR=${dir}`)) found.push(pid);
  }
  return found;
}

/** Polls `check` every 200 ms until it holds; the error names what was awaited. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
