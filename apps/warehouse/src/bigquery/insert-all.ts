// The optional low-latency path: rows streamed with tabledata.insertAll, for dashboards that
// need seconds-fresh data before the next load job. Rows are the archive line (the same columns
// as the loaded tables) plus dt/hr, and insertId = "<topic>-<partition>-<offset>" so a batch
// re-sent after a crash is deduplicated (best effort, per BigQuery's insertId semantics; the load
// jobs remain the exact path). `raw: true` matters: without it the client replaces every
// insertId with a random UUID on each call, and a re-send is never deduplicated.
import { BigQuery } from '@google-cloud/bigquery';
import { encodeLine } from '@tessera/archive/line';
import type { ValueDecoder } from '@tessera/archive/line';
import { hourPartition } from '@tessera/archive/naming';
import type { ConsumedRecord } from '@tessera/archive/record';
import type { LoadJobError } from './jobs.js';

export interface InsertRow {
  insertId: string;
  json: Record<string, unknown>;
}

export function insertRow(record: ConsumedRecord, decode: ValueDecoder): InsertRow {
  const line = encodeLine(record, decode);
  const hour = hourPartition(line.eventTime);
  const json = JSON.parse(line.text) as Record<string, unknown>;
  return { insertId: `${record.topic}-${record.partition}-${record.offset}`, json: { ...json, dt: hour.dt, hr: Number(hour.hr) } };
}

export type InsertResult = { ok: true; value: { inserted: number } } | { ok: false; error: LoadJobError & { failedInsertIds?: string[] } };

export interface StreamingInserts {
  insert(table: string, rows: InsertRow[]): Promise<InsertResult>;
}

export function createStreamingInserts(options: { projectId: string; datasetId: string; apiEndpoint?: string }): StreamingInserts {
  const bq = new BigQuery({ projectId: options.projectId, ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}) });
  const dataset = bq.dataset(options.datasetId);
  return {
    async insert(table, rows) {
      if (rows.length === 0) return { ok: true, value: { inserted: 0 } };
      try {
        await dataset.table(table).insert(rows, { raw: true });
        return { ok: true, value: { inserted: rows.length } };
      } catch (cause) {
        // PartialFailureError lists the rows BigQuery refused; re-sending them all is safe (insertIds).
        const errors = (cause as { errors?: { row?: { insertId?: string } }[] }).errors;
        const failedInsertIds = errors?.map((e) => e.row?.insertId).filter((id): id is string => typeof id === 'string');
        const status = (cause as { code?: unknown }).code;
        const retriable = status === undefined || status === 429 || (typeof status === 'number' && status >= 500);
        return { ok: false, error: { code: retriable ? 'unavailable' : 'invalid', retriable, message: `insertAll ${table}: ${(cause as Error).message}`, cause, ...(failedInsertIds?.length ? { failedInsertIds } : {}) } };
      }
    },
  };
}
