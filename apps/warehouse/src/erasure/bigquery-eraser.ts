// Erasure in BigQuery: one DML `DELETE` per table through the real @google-cloud/bigquery client,
// the user ids bound as array parameters (never spliced into the SQL), each job awaited and its
// numDmlAffectedRows reported. Load jobs still running may have read an archive object before
// the erasure rewrote it and would append its rows after the DELETE, so the eraser first waits
// until none of the loader's jobs is pending or running; jobs created after the rewrite read the
// rewritten objects. (Rows streamed with insertAll sit in the streaming buffer, which DML cannot
// touch for a while; the warehouse does not stream, see README.)
import { setTimeout as sleep } from 'node:timers/promises';
import { BigQuery } from '@google-cloud/bigquery';
import { TABLES } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import { base64Of, subjectPredicate } from './predicates.js';
import type { WarehouseEraser } from './warehouse-eraser.js';

export interface BigQueryEraserOptions {
  projectId: string;
  datasetId: string;
  location?: string;
  apiEndpoint?: string;
  /** How many of the loader's jobs are not DONE yet. */
  pendingLoads(): Promise<number>;
  /** Pause between looks at pending loads (default 2 s). */
  pollMs?: number;
  tables?: readonly TableDefinition[];
  signal?: AbortSignal;
}

interface DmlMetadata { statistics?: { query?: { numDmlAffectedRows?: string } } }

export function bigQueryEraser(options: BigQueryEraserOptions): WarehouseEraser {
  const bq = new BigQuery({
    projectId: options.projectId,
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...(options.location ? { location: options.location } : {}),
  });
  const tables = options.tables ?? TABLES;
  const quote = (name: string) => `\`${name.replaceAll('`', '')}\``;
  return {
    engine: 'bigquery',
    async erase(userIds) {
      while ((await options.pendingLoads()) > 0) {
        options.signal?.throwIfAborted();
        await sleep(options.pollMs ?? 2_000, undefined, options.signal ? { signal: options.signal } : {});
      }
      const deleted: Record<string, number> = {};
      for (const table of tables) {
        const where = subjectPredicate(table, {
          ident: quote,
          ids: (form) => (form === 'text' ? 'UNNEST(@userIds)' : 'UNNEST(@userIdsBase64)'),
        });
        const [job] = await bq.createQueryJob({
          query: `DELETE FROM ${quote(`${options.projectId}.${options.datasetId}.${table.name}`)} WHERE ${where}`,
          params: { userIds: [...userIds], userIdsBase64: userIds.map(base64Of) },
          ...(options.location ? { location: options.location } : {}),
          jobPrefix: 'tessera_erasure_',
          labels: { app: 'tessera-warehouse-erasure', table: table.name },
        });
        await job.promise();
        const [metadata] = await job.getMetadata();
        deleted[table.name] = Number((metadata as DmlMetadata).statistics?.query?.numDmlAffectedRows ?? 0);
      }
      return deleted;
    },
  };
}
