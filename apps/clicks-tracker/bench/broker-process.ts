// Starts the embedded broker as its own process (in memory, a free port), so the bench measures
// Kafka over TCP without the broker competing for the bench's event loop. (Same shape as the
// aggregator's bench helper; benches are not exported, so each app keeps its own.)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('../', import.meta.url));
const SCRIPT = `const { startBroker } = await import('@tessera/embedded-kafka');
const broker = await startBroker({ port: 0 });
console.log('listening on ' + broker.brokers[0]);
process.once('SIGTERM', () => void broker.close().then(() => process.exit(0)));`;

export async function startBrokerProcess(): Promise<{ brokers: string[]; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: APP_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`embedded broker exited with ${code}`)));
  });
  child.stdout.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { brokers: [address], stop: async () => { child.kill('SIGTERM'); await exited; } };
}
