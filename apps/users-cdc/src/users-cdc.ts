// users-cdc from its dependencies: makes sure the publication and the slot exist, publishes the
// initial snapshot when the slot is new (or its snapshot never completed), then streams every
// committed change of the users table to users.v1 / dlq.v1, acknowledging the slot only after
// Kafka acknowledged. Restarting resumes from the slot; nothing is re-snapshotted.
import type { ClientConfig } from 'pg';
import type pg from 'pg';
import type { Emit } from './emit.js';
import type { Lsn } from './lsn.js';
import { parseLsn } from './lsn.js';
import type { CdcMetrics } from './metrics.js';
import { startReplicationStream } from './postgres/replication-stream.js';
import { createSlotWithSnapshot } from './postgres/snapshot.js';
import { dropSlot, ensurePublication, markSnapshotDone, slotStatus } from './postgres/slot.js';
import type { TableName } from './postgres/slot.js';
import { buildRecords } from './records.js';

export interface CdcLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface UsersCdcDeps {
  /** Connection settings for the replication connections (the role needs REPLICATION). */
  readonly connection: ClientConfig;
  /** An ordinary connection for control queries (publication, slot status, snapshot record). */
  readonly sql: Pick<pg.ClientBase, 'query'>;
  readonly emit: Emit;
  readonly metrics: CdcMetrics;
  readonly logger: CdcLogger;
  readonly slot: string;
  readonly publication: string;
  readonly table?: TableName;
  readonly snapshotPageSize?: number;
  readonly now?: () => number;
  /** How long to wait for a slot still held by a previous connection (a process that just died). */
  readonly slotWaitMs?: number;
}

export interface UsersCdc {
  /** Rejects when the stream fails (Kafka unreachable past retries, Postgres gone, ...). */
  readonly done: Promise<void>;
  /** Slot position acknowledged so far. */
  acknowledged(): Lsn;
  stop(): Promise<void>;
}

export class SlotInUseError extends Error {
  readonly code = 'slot_in_use';
  readonly retriable = true;
}

export async function startUsersCdc(deps: UsersCdcDeps): Promise<UsersCdc> {
  const table = deps.table ?? { schema: 'public', name: 'users' };
  const now = deps.now ?? Date.now;
  await ensurePublication(deps.sql, deps.publication, table);

  let status = await slotStatus(deps.sql, deps.slot);
  // After a crash Postgres releases the slot once it notices the dead connection; a second live
  // users-cdc keeps it, and this one gives up.
  const deadline = Date.now() + (deps.slotWaitMs ?? 30_000);
  while (status.active && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await slotStatus(deps.sql, deps.slot);
  }
  if (status.active) throw new SlotInUseError(`replication slot ${deps.slot} is in use by another connection`);
  if (status.exists && !status.snapshotDone) {
    // Created, but the process stopped before its snapshot reached Kafka: that snapshot is gone
    // with the transaction that exported it, so start over with a new slot and a new snapshot.
    deps.logger.warn({ slot: deps.slot }, 'slot has no completed snapshot; recreating it');
    await dropSlot(deps.sql, deps.slot);
    status = await slotStatus(deps.sql, deps.slot);
  }

  let startLsn: Lsn = status.confirmedFlush ?? 0n;
  if (!status.exists) {
    const snapshot = await createSlotWithSnapshot({
      connection: deps.connection,
      slot: deps.slot,
      table,
      pageSize: deps.snapshotPageSize ?? 1000,
      onPage: async (rows, firstSeq, consistentPoint) => {
        const changes = rows.map((row) => ({ kind: 'upsert' as const, row }));
        await deps.emit(buildRecords(changes, { lsn: parseLsn(consistentPoint), commitTimeMs: null, slot: deps.slot, now: now(), firstSeq }));
        deps.metrics.snapshotRows(rows.length);
      },
    });
    await markSnapshotDone(deps.sql, deps.slot, snapshot.consistentPoint, snapshot.rows);
    deps.logger.info({ slot: deps.slot, ...snapshot }, 'initial snapshot published');
    startLsn = parseLsn(snapshot.consistentPoint);
  }

  const stream = await startReplicationStream({
    connection: deps.connection,
    slot: deps.slot,
    publication: deps.publication,
    startLsn,
    table,
    onTransaction: (txn) =>
      deps.emit(buildRecords(txn.changes, { lsn: txn.commitEndLsn, commitTimeMs: txn.commitTimeMs, slot: deps.slot, now: now() })),
    onUnsupported: (what) =>
      deps.logger.error({ slot: deps.slot, what }, 'TRUNCATE of the users table cannot be streamed; users.v1 still lists the truncated users'),
  });
  deps.logger.info({ slot: deps.slot, startLsn: startLsn.toString(16) }, 'streaming changes');
  return { done: stream.done, acknowledged: stream.acknowledged, stop: stream.stop };
}
