// Streams committed transactions of the publication from a logical replication slot (pgoutput,
// via pg-logical-replication). Changes are gathered between BEGIN and COMMIT and handed over one
// whole transaction at a time; the slot is acknowledged up to a transaction's end LSN only after
// the handler resolved (i.e. after Kafka acknowledged). If the handler fails, the stream stops
// without acknowledging, so Postgres sends the transaction again on the next start.
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import type { Pgoutput } from 'pg-logical-replication';
import type { ClientConfig } from 'pg';
import { formatLsn, parseLsn } from '../lsn.js';
import type { Lsn } from '../lsn.js';
import type { Change } from '../records.js';

export interface Transaction {
  readonly commitEndLsn: Lsn;
  readonly commitTimeMs: number;
  readonly changes: readonly Change[];
}

export interface StreamOptions {
  readonly connection: ClientConfig;
  readonly slot: string;
  readonly publication: string;
  /** Where to start; the server starts at the slot's confirmed position if that is later. */
  readonly startLsn: Lsn;
  readonly table: { readonly schema: string; readonly name: string };
  readonly onTransaction: (txn: Transaction) => Promise<void>;
  /** Called with an error for a change the stream cannot represent (e.g. TRUNCATE). */
  readonly onUnsupported?: (what: string) => void;
}

export interface ReplicationStream {
  /** Position Postgres may discard WAL up to (last transaction that reached Kafka). */
  acknowledged(): Lsn;
  /** Resolves when stopped with stop(); rejects when the stream failed. */
  readonly done: Promise<void>;
  /** Stops reading; the last acknowledged position is sent first. */
  stop(): Promise<void>;
}

export async function startReplicationStream(options: StreamOptions): Promise<ReplicationStream> {
  const service = new LogicalReplicationService(options.connection, {
    acknowledge: { auto: false, timeoutSeconds: 0 },
    flowControl: { enabled: true }, // one message at a time: a transaction is handled before the next is read
  });
  let acked = options.startLsn;
  let current: { commitTimeMs: number; changes: Change[] } | null = null;
  let failed = false;
  let stopping = false;
  let inFlight: Promise<void> = Promise.resolve();
  let settle: { resolve: () => void; reject: (e: unknown) => void } = { resolve: () => undefined, reject: () => undefined };
  const done = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
  // The library sends `lsn + 1` as the flushed position; Postgres expects the end LSN itself.
  const sendAck = (lsn: Lsn) => (lsn > 0n ? service.acknowledge(formatLsn(lsn - 1n)) : Promise.resolve(false));

  const fail = async (error: unknown) => {
    if (failed) return;
    failed = true;
    await service.stop().catch(() => undefined);
    settle.reject(error);
  };

  const isOurTable = (relation: Pgoutput.MessageRelation) =>
    relation.schema === options.table.schema && relation.name === options.table.name;

  service.on('data', async (_lsn: string, message: Pgoutput.Message) => {
    if (failed) return;
    try {
      switch (message.tag) {
        case 'begin':
          current = { commitTimeMs: Number(BigInt(message.commitTime.toString()) / 1000n), changes: [] };
          return;
        case 'insert':
          if (current && isOurTable(message.relation)) current.changes.push({ kind: 'upsert', row: message.new });
          return;
        case 'update':
          if (!current || !isOurTable(message.relation)) return;
          // A changed primary key is a delete of the old user and a new user.
          if (message.old && message.old.user_id !== message.new.user_id) current.changes.push({ kind: 'delete', row: message.old });
          current.changes.push({ kind: 'upsert', row: message.new });
          return;
        case 'delete':
          if (current && isOurTable(message.relation)) current.changes.push({ kind: 'delete', row: message.old ?? message.key ?? {} });
          return;
        case 'truncate':
          if (message.relations.some(isOurTable)) options.onUnsupported?.('truncate');
          return;
        case 'commit': {
          const txn = current;
          current = null;
          if (!txn || message.commitEndLsn === null) return;
          const commitEndLsn = parseLsn(message.commitEndLsn);
          if (txn.changes.length > 0) {
            inFlight = options.onTransaction({ commitEndLsn, commitTimeMs: txn.commitTimeMs, changes: txn.changes });
            await inFlight;
          }
          if (failed) return;
          acked = commitEndLsn;
          await sendAck(acked);
          return;
        }
        default:
          return;
      }
    } catch (error) {
      await fail(error);
    }
  });
  // Keepalives asking for an answer get the last acknowledged position, never a later one.
  service.on('heartbeat', async (_lsn: string, _ts: number, shouldRespond: boolean) => {
    if (shouldRespond && !failed) await sendAck(acked).catch(() => undefined);
  });
  service.on('error', (error: Error) => void fail(error));

  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [options.publication] });
  service.subscribe(plugin, options.slot, formatLsn(options.startLsn)).then(
    () => { if (!stopping) void fail(Object.assign(new Error('replication stream ended unexpectedly'), { code: 'stream_ended', retriable: true })); },
    (error: unknown) => void fail(error),
  );

  return {
    acknowledged: () => acked,
    done,
    async stop() {
      if (failed || stopping) return;
      stopping = true;
      await inFlight.catch(() => undefined); // let a transaction already sent to Kafka be acknowledged
      await sendAck(acked).catch(() => undefined);
      failed = true; // from here on, late messages are ignored
      await service.stop();
      settle.resolve();
    },
  };
}
