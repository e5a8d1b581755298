// Plans BigQuery load jobs from archive objects: pure. A job loads a batch of objects of one
// topic into its table; its id is a hash of the table and the object keys, so planning the same
// objects again (a retry, a restart that lost its bookkeeping) yields the same id, and BigQuery's
// unique job ids turn a second submission into a 409 instead of a second load. An id whose job
// failed is never reusable, so a re-plan after a failure takes the next suffix (_r1, _r2, ...).
import { createHash } from 'node:crypto';
import { parseObjectKey, topicPrefix } from '@tessera/archive/naming';
import { lineFields } from '../tables.js';
import type { TableDefinition } from '../tables.js';

export interface Destination {
  projectId: string;
  datasetId: string;
  bucket: string;
  /** Archive prefix inside the bucket ("" or e.g. "archive"). */
  prefix: string;
}

export interface PlannedLoad {
  jobId: string;
  table: string;
  objectKeys: string[];
  configuration: { load: Record<string, unknown>; labels: Record<string, string> };
}

export const DEFAULT_MAX_URIS_PER_JOB = 500;

export function gsUri(bucket: string, key: string): string {
  return `gs://${bucket}/${key}`;
}

export function baseJobId(table: string, keys: readonly string[]): string {
  const digest = createHash('sha256').update(`${table}\n${keys.join('\n')}`).digest('hex').slice(0, 40);
  return `tessera_load_${table}_${digest}`;
}

/**
 * New objects of the table's topic (not yet in a live or successful job), sorted, cut into
 * batches of at most `maxUris`. `failedJobIds` are ids whose job ended in error.
 */
export function planLoads(
  table: TableDefinition, dest: Destination, keys: readonly string[],
  submittedUris: ReadonlySet<string>, failedJobIds: ReadonlySet<string>, maxUris = DEFAULT_MAX_URIS_PER_JOB,
): PlannedLoad[] {
  const fresh = keys
    .filter((k) => parseObjectKey(k)?.topic === table.topic && !submittedUris.has(gsUri(dest.bucket, k)))
    .sort();
  const plans: PlannedLoad[] = [];
  for (let i = 0; i < fresh.length; i += maxUris) {
    const batch = fresh.slice(i, i + maxUris);
    const base = baseJobId(table.name, batch);
    let jobId = base;
    for (let retry = 1; failedJobIds.has(jobId); retry++) jobId = `${base}_r${retry}`;
    plans.push({ jobId, table: table.name, objectKeys: batch, configuration: loadConfiguration(table, dest, batch) });
  }
  return plans;
}

function loadConfiguration(table: TableDefinition, dest: Destination, keys: string[]): PlannedLoad['configuration'] {
  return {
    load: {
      sourceUris: keys.map((k) => gsUri(dest.bucket, k)),
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      destinationTable: { projectId: dest.projectId, datasetId: dest.datasetId, tableId: table.name },
      // dt and hr come from the object path; every other column from the line.
      schema: { fields: lineFields(table) },
      hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: `gs://${dest.bucket}/${topicPrefix(dest.prefix, table.topic)}{dt:DATE}/{hr:INTEGER}` },
      timePartitioning: { type: 'DAY', field: 'dt' },
      clustering: { fields: table.clustering },
      createDisposition: 'CREATE_IF_NEEDED',
      writeDisposition: 'WRITE_APPEND',
      // A field added to a contract (additive, optional) must not fail loads before the table has it.
      ignoreUnknownValues: true,
      schemaUpdateOptions: ['ALLOW_FIELD_ADDITION'],
    },
    labels: { app: 'tessera-warehouse', table: table.name },
  };
}
