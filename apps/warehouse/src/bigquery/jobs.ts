// What the loader needs from BigQuery (jobs only), and the implementation over
// @google-cloud/bigquery. A create that answers 409 means the id exists: the job is fetched and
// judged by its own status, which is how a retried submission stays a single load.
import { BigQuery } from '@google-cloud/bigquery';

export interface JobState {
  jobId: string;
  state: 'PENDING' | 'RUNNING' | 'DONE';
  error?: { reason: string; message: string };
  sourceUris: string[];
  labels: Record<string, string>;
}

export interface LoadJobError {
  code: 'job_failed' | 'unavailable' | 'denied' | 'invalid';
  retriable: boolean;
  message: string;
  cause?: unknown;
}

export type JobResult = { ok: true; value: JobState & { existed: boolean } } | { ok: false; error: LoadJobError };

export interface BigQueryJobs {
  create(jobId: string, configuration: Record<string, unknown>): Promise<JobResult>;
  /** Recent jobs of this project carrying the given label app=... */
  list(app: string): Promise<{ ok: true; value: JobState[] } | { ok: false; error: LoadJobError }>;
}

export interface BigQueryJobsOptions {
  projectId: string;
  location?: string;
  apiEndpoint?: string;
}

interface JobMetadata {
  jobReference?: { jobId?: string };
  status?: { state?: JobState['state']; errorResult?: { reason?: string; message?: string } };
  configuration?: { load?: { sourceUris?: string[] }; labels?: Record<string, string> };
}

function toState(m: JobMetadata): JobState {
  const e = m.status?.errorResult;
  return {
    jobId: m.jobReference?.jobId ?? '',
    state: m.status?.state ?? 'PENDING',
    ...(e ? { error: { reason: e.reason ?? 'unknown', message: e.message ?? '' } } : {}),
    sourceUris: m.configuration?.load?.sourceUris ?? [],
    labels: m.configuration?.labels ?? {},
  };
}

export function createBigQueryJobs(options: BigQueryJobsOptions): BigQueryJobs {
  const bq = new BigQuery({ projectId: options.projectId, ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}), ...(options.location ? { location: options.location } : {}) });
  return {
    async create(jobId, configuration) {
      try {
        const [, response] = await bq.createJob({ jobId, configuration });
        return { ok: true, value: { ...toState(response as JobMetadata), existed: false } };
      } catch (cause) {
        // The client turns a job created in a failed state into an error carrying the job.
        const created = (cause as { response?: JobMetadata }).response;
        if (created?.jobReference?.jobId === jobId && created.status?.errorResult) return { ok: true, value: { ...toState(created), existed: false } };
        if ((cause as { code?: unknown }).code !== 409) return { ok: false, error: apiError(`create ${jobId}`, cause) };
        try {
          const [metadata] = await bq.job(jobId).getMetadata();
          return { ok: true, value: { ...toState(metadata as JobMetadata), existed: true } };
        } catch (lookup) {
          return { ok: false, error: apiError(`get ${jobId}`, lookup) };
        }
      }
    },
    async list(app) {
      try {
        const [jobs] = await bq.getJobs({ allUsers: false, projection: 'full', autoPaginate: true });
        const states = jobs.map((j) => toState(j.metadata as JobMetadata)).filter((s) => s.labels.app === app);
        return { ok: true, value: states };
      } catch (cause) {
        return { ok: false, error: apiError('list jobs', cause) };
      }
    },
  };
}

function apiError(what: string, cause: unknown): LoadJobError {
  const status = (cause as { code?: unknown }).code;
  const message = `${what}: ${(cause as Error).message ?? String(cause)}`;
  if (status === 401 || status === 403) return { code: 'denied', retriable: false, message, cause };
  if (status === 400 || status === 404) return { code: 'invalid', retriable: false, message, cause };
  return { code: 'unavailable', retriable: true, message, cause };
}
