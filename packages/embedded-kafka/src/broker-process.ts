// Runs the broker as its own process (the `tessera-kafka` CLI), for benchmarks that must not share
// their event loop with the broker and for tools that want the local-stack configuration. Resolves
// once the CLI printed its `listening on <address>` line; `stop()` sends SIGTERM (the CLI flushes).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/tessera-kafka.mjs', import.meta.url));

export interface BrokerProcess {
  readonly brokers: string[];
  stop(): Promise<void>;
}

/** `dataDir` omitted = in memory; `args` are further CLI flags (e.g. `--partitions 3`). */
export async function startBrokerProcess(options: { dataDir?: string; args?: readonly string[] } = {}): Promise<BrokerProcess> {
  const args = [BIN, '--port', '0', ...(options.dataDir ? ['--data', options.dataDir] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = await new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`tessera-kafka exited with ${code} before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
  });
  return {
    brokers: [address],
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
