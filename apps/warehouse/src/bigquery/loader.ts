// One BigQuery load round: find archive objects not yet in a live or successful load job (from
// the jobs themselves, so the loader keeps no state of its own), plan deterministic jobs, submit
// them. Run it on a schedule (every 5-15 min per table keeps far below the daily job quota).
import { topicPrefix } from '@tessera/archive/naming';
import type { ObjectStore } from '@tessera/archive/object-store';
import { TABLES } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import type { BigQueryJobs, JobState, LoadJobError } from './jobs.js';
import { planLoads } from './plan.js';
import type { Destination } from './plan.js';

export const LOADER_LABEL = 'tessera-warehouse';

export interface LoadRound {
  submitted: { jobId: string; table: string; objects: number; existed: boolean; state: JobState['state'] }[];
  failed: { jobId: string; table: string; error: LoadJobError }[];
}

export interface BigQueryLoadOptions {
  jobs: BigQueryJobs;
  list: ObjectStore['list'];
  destination: Destination;
  tables?: readonly TableDefinition[];
  maxUrisPerJob?: number;
}

export async function loadRound(options: BigQueryLoadOptions): Promise<{ ok: true; value: LoadRound } | { ok: false; error: LoadJobError }> {
  const listed = await options.jobs.list(LOADER_LABEL);
  if (!listed.ok) return listed;
  const submittedUris = new Set(listed.value.filter((j) => !j.error).flatMap((j) => j.sourceUris));
  const failedJobIds = new Set(listed.value.filter((j) => j.error).map((j) => j.jobId));
  const round: LoadRound = { submitted: [], failed: [] };
  for (const table of options.tables ?? TABLES) {
    const keys = await options.list(topicPrefix(options.destination.prefix, table.topic));
    if (!keys.ok) return { ok: false, error: { code: 'unavailable', retriable: keys.error.retriable, message: keys.error.message, cause: keys.error } };
    for (const plan of planLoads(table, options.destination, keys.value, submittedUris, failedJobIds, options.maxUrisPerJob)) {
      const result = await options.jobs.create(plan.jobId, plan.configuration);
      if (!result.ok) {
        round.failed.push({ jobId: plan.jobId, table: table.name, error: result.error });
      } else if (result.value.error) {
        round.failed.push({ jobId: plan.jobId, table: table.name, error: { code: 'job_failed', retriable: false, message: `${result.value.error.reason}: ${result.value.error.message}` } });
      } else {
        round.submitted.push({ jobId: plan.jobId, table: table.name, objects: plan.objectKeys.length, existed: result.value.existed, state: result.value.state });
      }
    }
  }
  return { ok: true, value: round };
}
