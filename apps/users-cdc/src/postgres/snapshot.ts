// Creates the replication slot and reads the initial snapshot in the same transaction, using the
// snapshot the slot exports (CREATE_REPLICATION_SLOT ... USE_SNAPSHOT inside a REPEATABLE READ
// transaction on a replication connection). The rows read are exactly the table's state at the
// slot's consistent point, and streaming from that point continues with the next commit: no
// change is both in the snapshot and in the stream, and none falls between them.
import pg from 'pg';
import type { ClientConfig } from 'pg';
import type { Row } from '../row-to-profile.js';
import { ident } from './slot.js';
import type { TableName } from './slot.js';

export interface SnapshotResult {
  /** The slot's consistent point ("0/16B3748"): snapshot rows are as of this LSN. */
  readonly consistentPoint: string;
  readonly rows: number;
}

export interface SnapshotOptions {
  readonly connection: ClientConfig;
  readonly slot: string;
  readonly table: TableName;
  readonly pageSize: number;
  /** Publishes one page; the next page is read only after it resolved. */
  readonly onPage: (rows: readonly Row[], firstSeq: number, consistentPoint: string) => Promise<void>;
}

export async function createSlotWithSnapshot(options: SnapshotOptions): Promise<SnapshotResult> {
  const client = new pg.Client({ ...options.connection, replication: 'database' } as ClientConfig);
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ');
    const created = await client.query<{ consistent_point: string }>(
      `CREATE_REPLICATION_SLOT ${ident(options.slot)} LOGICAL pgoutput USE_SNAPSHOT`,
    );
    const consistentPoint = created.rows[0]?.consistent_point;
    if (!consistentPoint) throw new Error('CREATE_REPLICATION_SLOT returned no consistent point');
    // Keyset pages: the replication protocol's SQL mode takes no bind parameters, so the last key
    // goes in as an escaped literal.
    const table = `${ident(options.table.schema)}.${ident(options.table.name)}`;
    let rows = 0;
    let after: string | null = null;
    for (;;) {
      const where: string = after === null ? '' : `WHERE user_id > ${client.escapeLiteral(after)}`;
      const page = await client.query(`SELECT * FROM ${table} ${where} ORDER BY user_id LIMIT ${options.pageSize}`);
      if (page.rows.length === 0) break;
      await options.onPage(page.rows as Row[], rows, consistentPoint);
      rows += page.rows.length;
      after = String((page.rows.at(-1) as Row).user_id);
      if (page.rows.length < options.pageSize) break;
    }
    await client.query('COMMIT');
    return { consistentPoint, rows };
  } finally {
    await client.end().catch(() => undefined);
  }
}
