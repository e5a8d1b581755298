// Runs the broker as its own process (the `tessera-kafka` CLI), for benchmarks that must not share
// their event loop with the broker and for tools that want the local-stack configuration. The
// child is the broker itself (node running bin/tessera-kafka.mjs, no npx/tsx wrapper in between),
// so the signal stop() sends reaches the process that holds the port and the data directory. It
// runs with --exit-with-parent on a stdin pipe nobody writes to: if the caller dies, even by
// SIGKILL, the pipe closes and the broker flushes and exits. Resolves once the CLI printed its
// `listening on <address>` line.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/tessera-kafka.mjs', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export interface BrokerProcess {
  readonly brokers: string[];
  /** The broker's own pid. */
  readonly pid: number;
  /** SIGTERM (the CLI flushes and exits 0); SIGKILL if it has not exited after 30 s. */
  stop(): Promise<void>;
}

/** `dataDir` omitted = in memory; `args` are further CLI flags (e.g. `--partitions 3`). */
export async function startBrokerProcess(options: { dataDir?: string; args?: readonly string[] } = {}): Promise<BrokerProcess> {
  const args = [BIN, '--port', '0', '--exit-with-parent', ...(options.dataDir ? ['--data', options.dataDir] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tessera-kafka did not listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`tessera-kafka exited with ${code} before listening`)); });
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = /^listening on (\S+)/.exec(line);
        if (match?.[1]) { clearTimeout(timer); resolve(match[1]); }
      });
    });
    return { brokers: [address], pid: child.pid!, stop: kill };
  } catch (err) {
    await kill();
    throw err;
  }
}
