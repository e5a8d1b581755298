// Control-plane SQL for users-cdc: the publication, the replication slot and the record of
// whether the slot's initial snapshot reached Kafka (table users_cdc_snapshots).
import type pg from 'pg';
import { parseLsn } from '../lsn.js';
import type { Lsn } from '../lsn.js';

type Sql = Pick<pg.ClientBase, 'query'>;

export interface TableName {
  readonly schema: string;
  readonly name: string;
}

export interface SlotStatus {
  readonly exists: boolean;
  /** Another process is streaming from it (a second users-cdc, or a stale connection). */
  readonly active: boolean;
  readonly confirmedFlush: Lsn | null;
  /** Set when this slot's initial snapshot was fully published. */
  readonly snapshotDone: boolean;
}

export async function ensurePublication(sql: Sql, publication: string, table: TableName): Promise<void> {
  const found = await sql.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication]);
  if (found.rowCount === 0) {
    await sql.query(`CREATE PUBLICATION ${ident(publication)} FOR TABLE ${ident(table.schema)}.${ident(table.name)}`);
  }
}

export async function slotStatus(sql: Sql, slot: string): Promise<SlotStatus> {
  const { rows } = await sql.query<{ active: boolean; confirmed_flush_lsn: string | null; plugin: string }>(
    'SELECT active, confirmed_flush_lsn::text, plugin FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  const row = rows[0];
  if (!row) return { exists: false, active: false, confirmedFlush: null, snapshotDone: false };
  if (row.plugin !== 'pgoutput') throw new Error(`replication slot ${slot} uses plugin ${row.plugin}, expected pgoutput`);
  const done = await sql.query('SELECT 1 FROM users_cdc_snapshots WHERE slot_name = $1', [slot]);
  return {
    exists: true,
    active: row.active,
    confirmedFlush: row.confirmed_flush_lsn === null ? null : parseLsn(row.confirmed_flush_lsn),
    snapshotDone: (done.rowCount ?? 0) > 0,
  };
}

export async function dropSlot(sql: Sql, slot: string): Promise<void> {
  await sql.query('DELETE FROM users_cdc_snapshots WHERE slot_name = $1', [slot]);
  await sql.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]);
}

export async function markSnapshotDone(sql: Sql, slot: string, consistentPoint: string, rows: number): Promise<void> {
  await sql.query(
    `INSERT INTO users_cdc_snapshots (slot_name, consistent_point, rows) VALUES ($1, $2::pg_lsn, $3)
     ON CONFLICT (slot_name) DO UPDATE SET consistent_point = EXCLUDED.consistent_point, rows = EXCLUDED.rows, completed_at = now()`,
    [slot, consistentPoint, rows],
  );
}

/** Bytes of WAL the slot still holds back (what users-cdc has not yet got acknowledged). */
export async function slotLagBytes(sql: Sql, slot: string): Promise<number | null> {
  const { rows } = await sql.query<{ lag: string | null }>(
    'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  const lag = rows[0]?.lag;
  return lag === undefined || lag === null ? null : Number(lag);
}

/** A quoted SQL identifier (names come from configuration, validated, but quote anyway). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
