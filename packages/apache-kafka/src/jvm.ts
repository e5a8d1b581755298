// One Kafka JVM as a child process, stopped by its PID. The JVM runs under a small sh wrapper
// that holds our stdin pipe: if this process dies without stopping it (even by SIGKILL), the
// pipe closes, the wrapper's `read` returns and it SIGKILLs the JVM, so no broker outlives the
// test or launcher that started it. An 'exit' hook SIGKILLs whatever is still running when this
// process exits normally.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const WRAPPER = 'exec 3<&0; "$@" </dev/null & j=$!; echo "$j"; { read _ <&3; kill -KILL "$j" 2>/dev/null; } & w=$!; wait "$j"; c=$?; kill "$w" 2>/dev/null; exit "$c"';

const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
});

export interface Jvm {
  /** The JVM's own PID (not the wrapper's). */
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the JVM has exited. */
  readonly exited: Promise<number | string>;
  /** Sends `signal` to the JVM and waits for it to exit; SIGTERM escalates to SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface JvmOptions {
  readonly classpath: string;
  readonly mainClass: string;
  readonly args: readonly string[];
  readonly heapMb: number;
  /**
   * 'small' (default): serial GC and C1 only, the cheapest start and footprint on a shared 2-core
   * machine (tests). 'server': what Kafka's own kafka-run-class.sh uses (G1, 20 ms pause goal, C2),
   * for benchmarks.
   */
  readonly tuning?: JvmTuning;
  readonly logFile: string;
  readonly cwd?: string;
}

export type JvmTuning = 'small' | 'server';

export function jvmArgs(options: JvmOptions): string[] {
  const tuning = options.tuning === 'server'
    ? [`-Xms${options.heapMb}m`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent']
    : [`-Xms${Math.min(64, options.heapMb)}m`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:MaxMetaspaceSize=192m', '-Xss512k'];
  return [
    `-Xmx${options.heapMb}m`,
    ...tuning,
    '-Djava.awt.headless=true',
    '-Dorg.slf4j.simpleLogger.showDateTime=true', '-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS',
    '-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn',
    '-cp', options.classpath, options.mainClass, ...options.args,
  ];
}

export async function startJvm(options: JvmOptions): Promise<Jvm> {
  const out = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('sh', ['-c', WRAPPER, 'kafka-jvm', 'java', ...jvmArgs(options)], { stdio: ['pipe', 'pipe', out], cwd: options.cwd });
  } finally {
    closeSync(out);
  }
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    void exited.then((c) => reject(new Error(`the JVM wrapper exited (${c}) before starting java`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(Number(line)));
  });
  running.add(pid);
  void exited.then(() => running.delete(pid));
  return {
    pid,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000) {
      if (!running.has(pid)) return;
      try { process.kill(pid, signal); } catch { /* exited meanwhile */ }
      const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a JVM tool to completion (the storage formatter) and returns its output or throws with it. */
export function runJava(classpath: string, mainClass: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath, mainClass, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => { output += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { output += b.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${mainClass} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`))));
  });
}
