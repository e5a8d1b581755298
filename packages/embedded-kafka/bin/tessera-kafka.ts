// CLI entry point: parses flags (src/cli-options.ts), starts the embedded broker, prints where it
// listens, and stops it cleanly (flushing storage) on SIGTERM/SIGINT, or with --exit-with-parent
// when the process that started it is gone (its stdin pipe closes). Only wiring.
import { describeFlush, parseCli, UsageError, USAGE } from '../src/cli-options.js';
import { startBroker } from '../src/broker.js';
import { onStdinClosed } from '../src/parent-lifeline.js';

// A starter that died takes the read end of our stdout with it: a log line must not crash the
// broker (EPIPE) before it has flushed and closed its logs.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

let cli;
try {
  cli = parseCli(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`tessera-kafka: ${err.message}\n${USAGE}`);
  process.exit(2);
}
if (cli.help) {
  console.log(USAGE);
  process.exit(0);
}
const options = cli.broker;

const broker = await startBroker(options).catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  console.error(`tessera-kafka: cannot start on ${options.host}:${options.port}${options.dataDir ? ` with data in ${options.dataDir}` : ''}: ${e.code ?? ''} ${e.message ?? String(err)}`);
  process.exit(1);
});
console.log(`listening on ${broker.brokers[0]}${options.dataDir ? ` (data in ${options.dataDir}, ${describeFlush(options.flush)})` : ' (in memory)'}`);
if (broker.admin) console.log(`admin on ${broker.admin.url}`);

let stopping = false;
async function stop(why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${why}: stopping`);
  await broker.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
if (cli.exitWithParent) onStdinClosed(() => void stop('parent gone (stdin closed)'));
