// Owns the translation of the `tessera-kafka` command line into BrokerOptions plus the CLI's own
// switches, with the usage text: parsing is pure so every flag and refusal is unit-tested; the bin
// only wires. A bad value is refused with the flag's name and what was expected.
import { parseArgs } from 'node:util';
import type { BrokerOptions } from './broker.js';
import type { FlushPolicy } from './storage/types.js';

export const USAGE = `usage: tessera-kafka [--port 9092] [--host 127.0.0.1] [--data DIR] [--flush always|interval[:MS]]
                     [--auto-create-topics] [--partitions N] [--strict-replication]
                     [--min-session-timeout-ms MS] [--admin-port PORT] [--exit-with-parent]
  --data DIR        keep topics, records and committed offsets in DIR (default: in memory)
  --flush POLICY    when appended data is fsynced: 'always' (before every answer) or 'interval'
                    (every 200 ms, 'interval:MS' to choose; answers come before the fsync, so a
                    power loss can lose the last interval). Default interval:200.
  --exit-with-parent  stop (flushing) when stdin, a pipe from the starting process, closes`;

/** The default fsync interval of --flush interval. */
export const DEFAULT_FLUSH_INTERVAL_MS = 200;

export interface CliOptions {
  broker: BrokerOptions;
  exitWithParent: boolean;
  help: boolean;
}

export class UsageError extends Error {}

function int(name: string, raw: string | undefined, min = 0): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  return n;
}

export function parseFlush(raw: string): FlushPolicy {
  if (raw === 'always') return 'always';
  const m = /^interval(?::(.*))?$/.exec(raw);
  if (m) return { intervalMs: m[1] === undefined ? DEFAULT_FLUSH_INTERVAL_MS : int('flush interval', m[1], 1)! };
  throw new UsageError(`--flush must be 'always', 'interval' or 'interval:MS', got "${raw}"`);
}

/** Throws UsageError for unknown flags and bad values. */
export function parseCli(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '9092' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        flush: { type: 'string' },
        'auto-create-topics': { type: 'boolean', default: false },
        partitions: { type: 'string' },
        'strict-replication': { type: 'boolean', default: false },
        'min-session-timeout-ms': { type: 'string' },
        'admin-port': { type: 'string' },
        'exit-with-parent': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const broker: BrokerOptions = {
    port: int('port', values.port) ?? 9092,
    host: values.host ?? '127.0.0.1',
    autoCreateTopics: values['auto-create-topics'] ?? false,
    strictReplication: values['strict-replication'] ?? false,
  };
  if (values.data !== undefined) broker.dataDir = values.data;
  if (values.flush !== undefined) {
    if (values.data === undefined) throw new UsageError('--flush needs --data (an in-memory broker never writes to disk)');
    broker.flush = parseFlush(values.flush);
  }
  const partitions = int('partitions', values.partitions, 1);
  if (partitions !== undefined) broker.defaultPartitions = partitions;
  const minSession = int('min-session-timeout-ms', values['min-session-timeout-ms']);
  if (minSession !== undefined) broker.minSessionTimeoutMs = minSession;
  const adminPort = int('admin-port', values['admin-port']);
  if (adminPort !== undefined) broker.adminPort = adminPort;
  return { broker, exitWithParent: values['exit-with-parent'] ?? false, help: values.help ?? false };
}

/** How the listening line names the flush policy, e.g. "flush interval:200". */
export function describeFlush(flush: FlushPolicy | undefined): string {
  const policy = flush ?? { intervalMs: DEFAULT_FLUSH_INTERVAL_MS };
  return policy === 'always' ? 'flush always' : `flush interval:${policy.intervalMs}`;
}
