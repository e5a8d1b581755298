// CLI entry point: parses flags, starts the embedded broker, prints where it listens, and stops it
// cleanly (flushing storage) on SIGTERM/SIGINT. Only wiring; behaviour lives in src/.
import { parseArgs } from 'node:util';
import { startBroker, type BrokerOptions } from '../src/broker.js';

const USAGE = `usage: tessera-kafka [--port 9092] [--host 127.0.0.1] [--data DIR] [--auto-create-topics]
                     [--partitions N] [--strict-replication] [--min-session-timeout-ms MS]
                     [--admin-port PORT]
  --data DIR   keep topics, records and committed offsets in DIR (default: in memory)`;

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`tessera-kafka: --${name} must be a non-negative integer, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9092' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    'auto-create-topics': { type: 'boolean', default: false },
    partitions: { type: 'string' },
    'strict-replication': { type: 'boolean', default: false },
    'min-session-timeout-ms': { type: 'string' },
    'admin-port': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const options: BrokerOptions = {
  port: int('port', values.port) ?? 9092,
  host: values.host ?? '127.0.0.1',
  autoCreateTopics: values['auto-create-topics'] ?? false,
  strictReplication: values['strict-replication'] ?? false,
};
if (values.data !== undefined) options.dataDir = values.data;
const partitions = int('partitions', values.partitions);
if (partitions !== undefined) options.defaultPartitions = partitions;
const minSession = int('min-session-timeout-ms', values['min-session-timeout-ms']);
if (minSession !== undefined) options.minSessionTimeoutMs = minSession;
const adminPort = int('admin-port', values['admin-port']);
if (adminPort !== undefined) options.adminPort = adminPort;

const broker = await startBroker(options).catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  console.error(`tessera-kafka: cannot start on ${options.host}:${options.port}${values.data ? ` with data in ${values.data}` : ''}: ${e.code ?? ''} ${e.message ?? String(err)}`);
  process.exit(1);
});
console.log(`listening on ${broker.brokers[0]}${values.data ? ` (data in ${values.data})` : ' (in memory)'}`);
if (broker.admin) console.log(`admin on ${broker.admin.url}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await broker.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
