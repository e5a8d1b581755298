// The one way the local stack runs a process: an app (`tsx <entry>` in its folder, exactly as it
// runs alone) or a server binary (redis-server, postgres). Each child gets its own process group
// (Ctrl-C reaches only the launcher, which then stops the children in order with one signal
// each, sent to the child's whole process group so nothing it started itself is left behind),
// writes its output to <TESSERA_DATA_DIR>/logs/<name>.log, and counts as started once it
// answers an HTTP probe or prints a given log line. Children stop stage by stage — sources of data
// first, then the processors, the sinks and the infrastructure — and in parallel within a stage.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_HEAP, nodeHeapEnv, nodeHeapFlags } from './heap.js';
import type { NodeHeap } from './heap.js';

/** In stop order. */
export const STOP_STAGES = ['sources', 'processors', 'sinks', 'infrastructure'] as const;
export type StopStage = (typeof STOP_STAGES)[number];

export type Readiness = { readonly url: string } | { readonly logLine: RegExp };

export interface ChildSpec {
  readonly name: string;
  readonly stage: StopStage;
  /** Working directory (an app's folder, its package.json). */
  readonly cwd: string;
  /** A TypeScript entry point relative to cwd, run through tsx; or a command with arguments. */
  readonly run: { readonly tsx: string } | { readonly command: string; readonly args: readonly string[] };
  readonly env?: Record<string, string>;
  readonly ready: Readiness;
  readonly readyTimeoutMs?: number;
  /** Default SIGTERM (what every app handles); postgres shuts down fast on SIGINT. */
  readonly stopSignal?: NodeJS.Signals;
  /** Run as this user (postgres refuses to run as root). */
  readonly user?: { readonly uid: number; readonly gid: number };
}

export interface Child {
  readonly name: string;
  readonly logFile: string;
  readonly pid: number;
  /** Sends the stop signal, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface Supervisor {
  readonly logDir: string;
  /** Spawns the child and resolves once it is ready; rejects (after stopping it) when it is not. */
  start(spec: ChildSpec): Promise<Child>;
  /** Stops every started child, stage by stage; rejects afterwards naming those that did not exit 0. */
  stopAll(): Promise<void>;
}

/** Told when a started child exits without being asked to (its log says why). */
export type OnUnexpectedExit = (name: string, code: number | string | null, logFile: string) => void;

export function createSupervisor(logDir: string, onUnexpectedExit: OnUnexpectedExit): Supervisor {
  mkdirSync(logDir, { recursive: true });
  const started: { stage: StopStage; child: Child }[] = [];
  // Whatever ends the launcher (even an uncaught error), no child outlives it.
  const live = new Set<() => void>();
  process.once('exit', () => { for (const kill of live) kill(); });
  // A stop that arrives while children are starting (Ctrl-C during startup) ends their wait for
  // readiness, and they are stopped with the rest.
  const starting = new Set<Promise<unknown>>();
  let stopping = false;
  return {
    logDir,
    async start(spec) {
      const spawned = spawnChild(spec, logDir, { onUnexpectedExit, live, isStopping: () => stopping });
      starting.add(spawned);
      try {
        const child = await spawned;
        started.push({ stage: spec.stage, child });
        return child;
      } finally {
        starting.delete(spawned);
      }
    },
    async stopAll() {
      stopping = true;
      await Promise.allSettled([...starting]);
      const unclean: string[] = [];
      for (const stage of STOP_STAGES) {
        await Promise.all(started.filter((s) => s.stage === stage).map(async ({ child }) => {
          const code = await child.stop();
          if (code !== 0) unclean.push(`${child.name} exited with ${code} (see ${child.logFile})`);
        }));
      }
      if (unclean.length > 0) throw new Error(`not every app stopped cleanly: ${unclean.join('; ')}`);
    },
  };
}

/** Every Node app runs with its container's heap (./heap.ts); one missing there is a mistake. */
function heapOf(name: string): NodeHeap {
  const heap = NODE_HEAP[name];
  if (!heap) throw new Error(`scripts/stack/heap.ts has no heap sizing for ${name}`);
  return heap;
}

interface SpawnContext {
  readonly onUnexpectedExit: OnUnexpectedExit;
  /** Kill functions of the children still running, for the launcher's exit. */
  readonly live: Set<() => void>;
  isStopping(): boolean;
}

async function spawnChild(spec: ChildSpec, logDir: string, context: SpawnContext): Promise<Child> {
  const { onUnexpectedExit, live } = context;
  const logFile = join(logDir, `${spec.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const heap = 'tsx' in spec.run ? heapOf(spec.name) : undefined;
  const [command, args] = 'tsx' in spec.run
    ? [process.execPath, [...nodeHeapFlags(heap!), '--import', 'tsx', spec.run.tsx]]
    : [spec.run.command, [...spec.run.args]];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...(heap ? nodeHeapEnv(heap) : {}), ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
  });
  let output = '';
  const watchOutput = (chunk: Buffer) => { if (output.length < 1_000_000) output += chunk.toString('utf8'); };
  child.stdout.on('data', watchOutput);
  child.stderr.on('data', watchOutput);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let spawnError: Error | undefined;
  child.once('error', (error) => { spawnError = error; });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const signal = spec.stopSignal ?? 'SIGTERM';
  const orphanGuard = () => { if (child.exitCode === null && child.signalCode === null) signalGroup(child, signal); };
  live.add(orphanGuard);
  let stopping: Promise<number | null> | undefined;
  const handle: Child = {
    name: spec.name,
    logFile,
    pid: child.pid ?? -1,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) signalGroup(child, signal);
        const code = await exited;
        live.delete(orphanGuard);
        log.end();
        return code;
      })();
      return stopping;
    },
  };

  const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (spawnError) throw new Error(`${spec.name} could not be started: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${spec.name} exited with ${child.exitCode ?? child.signalCode} while starting; see ${logFile}`);
    }
    if (context.isStopping()) {
      await handle.stop();
      throw new Error(`${spec.name} was still starting when the stack stopped`);
    }
    if ('url' in spec.ready ? await answers(spec.ready.url) : spec.ready.logLine.test(output)) break;
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`${spec.name} was not ready (${describe(spec.ready)}) in time; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.stdout.off('data', watchOutput);
  child.stderr.off('data', watchOutput);
  output = '';
  void exited.then((code) => { if (!stopping) onUnexpectedExit(spec.name, code ?? child.signalCode, logFile); });
  return handle;
}

/** The child leads its own process group (detached): signal the group, or the child if it has none. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function describe(ready: Readiness): string {
  return 'url' in ready ? `no 200 from ${ready.url}` : `no log line ${ready.logLine}`;
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
