// The BigQuery v2 REST subset the warehouse uses: datasets and tables (create/get), jobs
// (insert/get/list) and tabledata.insertAll. Job ids are unique like the real service: inserting an
// existing id answers 409 "duplicate", which is what makes deterministic load-job ids idempotent.
// Jobs finish at once (state DONE); `jobErrors` lets a test make a job fail. Load jobs fill
// `rows` from the fake's GCS objects and DELETE query jobs remove rows (./bigquery-exec.ts).
import { runLoad, runQuery } from './bigquery-exec.js';
import type { ReadObject, Row } from './bigquery-exec.js';
import type { RecordedRequest, Reply } from './server.js';
import { errorBody } from './server.js';

export interface FakeJob {
  jobReference: { projectId: string; jobId: string; location?: string };
  configuration: Record<string, unknown>;
  status: { state: 'DONE'; errorResult?: { reason: string; message: string } };
  statistics?: Record<string, unknown>;
}

export interface BigQueryState {
  datasets: Map<string, Record<string, unknown>>;
  /** Keyed by "<dataset>.<table>". */
  tables: Map<string, Record<string, unknown>>;
  jobs: Map<string, FakeJob>;
  /** Every insertAll row as received, with the table it went to. */
  insertedRows: { table: string; insertId?: string; json: Record<string, unknown> }[];
  /** Table data by "<dataset>.<table>": what load jobs and insertAll added, less what DELETEs removed. */
  rows: Map<string, Row[]>;
  /** Decide a new job's failure; undefined = success. */
  jobErrors?: (job: FakeJob) => { reason: string; message: string } | undefined;
}

export function newBigQueryState(): BigQueryState {
  return { datasets: new Map(), tables: new Map(), jobs: new Map(), insertedRows: [], rows: new Map() };
}

const BASE = '^/bigquery/v2/projects/([^/]+)';
const JOBS = new RegExp(`${BASE}/jobs$`);
const JOB = new RegExp(`${BASE}/jobs/([^/]+)$`);
const DATASETS = new RegExp(`${BASE}/datasets$`);
const DATASET = new RegExp(`${BASE}/datasets/([^/]+)$`);
const TABLES = new RegExp(`${BASE}/datasets/([^/]+)/tables$`);
const TABLE = new RegExp(`${BASE}/datasets/([^/]+)/tables/([^/]+)$`);
const INSERT_ALL = new RegExp(`${BASE}/datasets/([^/]+)/tables/([^/]+)/insertAll$`);

export function handleBigQuery(state: BigQueryState, req: RecordedRequest, read: ReadObject = () => undefined): Reply | undefined {
  const body = (): Record<string, unknown> => (req.body.length ? JSON.parse(req.body.toString('utf8')) : {}) as Record<string, unknown>;
  let m: RegExpExecArray | null;
  if ((m = JOBS.exec(req.path)) && req.method === 'POST') return insertJob(state, m[1]!, body(), read);
  if ((m = JOBS.exec(req.path)) && req.method === 'GET') {
    // Newest first, like the service; one page is enough for tests.
    return { status: 200, body: { kind: 'bigquery#jobList', jobs: [...state.jobs.values()].reverse().map(jobResource) } };
  }
  if ((m = JOB.exec(req.path)) && req.method === 'GET') {
    const job = state.jobs.get(m[2]!);
    return job ? { status: 200, body: jobResource(job) } : notFound(`Job ${m[2]!}`);
  }
  if ((m = DATASETS.exec(req.path)) && req.method === 'POST') {
    const ds = body() as { datasetReference?: { datasetId?: string } };
    return create(state.datasets, ds.datasetReference?.datasetId ?? '', ds);
  }
  if ((m = DATASET.exec(req.path)) && req.method === 'GET') {
    return state.datasets.has(m[2]!) ? { status: 200, body: state.datasets.get(m[2]!) } : notFound(`Dataset ${m[2]!}`);
  }
  if ((m = TABLES.exec(req.path)) && req.method === 'POST') {
    const table = body() as { tableReference?: { tableId?: string } };
    return create(state.tables, `${m[2]!}.${table.tableReference?.tableId ?? ''}`, table);
  }
  if ((m = INSERT_ALL.exec(req.path)) && req.method === 'POST') return insertAll(state, `${m[2]!}.${m[3]!}`, body());
  if ((m = TABLE.exec(req.path)) && req.method === 'GET') {
    const key = `${m[2]!}.${m[3]!}`;
    return state.tables.has(key) ? { status: 200, body: state.tables.get(key) } : notFound(`Table ${key}`);
  }
  return undefined;
}

function insertJob(state: BigQueryState, projectId: string, body: Record<string, unknown>, read: ReadObject): Reply {
  const ref = (body.jobReference ?? {}) as FakeJob['jobReference'];
  if (state.jobs.has(ref.jobId)) {
    return { status: 409, body: errorBody(409, `Already Exists: Job ${projectId}:${ref.jobId}`, 'duplicate') };
  }
  const job: FakeJob = {
    jobReference: { ...ref, projectId, location: ref.location ?? 'US' },
    configuration: (body.configuration ?? {}) as Record<string, unknown>,
    status: { state: 'DONE' },
  };
  const error = state.jobErrors?.(job);
  if (error) job.status.errorResult = error;
  else {
    const config = job.configuration as { load?: Parameters<typeof runLoad>[1]; query?: Parameters<typeof runQuery>[1] };
    const outcome = config.load ? runLoad(state.rows, config.load, read) : config.query ? runQuery(state.rows, config.query) : undefined;
    if (outcome?.ok === false) job.status.errorResult = { reason: outcome.reason, message: outcome.message };
    else if (outcome?.statistics) job.statistics = outcome.statistics;
  }
  state.jobs.set(ref.jobId, job);
  return { status: 200, body: jobResource(job) };
}

function jobResource(job: FakeJob): Record<string, unknown> {
  const { jobReference: ref } = job;
  return {
    kind: 'bigquery#job',
    id: `${ref.projectId}:${ref.location}.${ref.jobId}`,
    jobReference: ref,
    configuration: job.configuration,
    status: job.status.errorResult ? { ...job.status, errors: [job.status.errorResult] } : job.status,
    statistics: { creationTime: '0', startTime: '0', endTime: '0', ...job.statistics },
  };
}

function insertAll(state: BigQueryState, table: string, body: Record<string, unknown>): Reply {
  if (!state.tables.has(table)) return notFound(`Table ${table}`);
  const rows = (body.rows ?? []) as { insertId?: string; json: Record<string, unknown> }[];
  for (const row of rows) state.insertedRows.push({ table, ...row });
  state.rows.set(table, [...(state.rows.get(table) ?? []), ...rows.map((r) => r.json)]);
  return { status: 200, body: { kind: 'bigquery#tableDataInsertAllResponse' } };
}

function create(map: Map<string, Record<string, unknown>>, key: string, resource: Record<string, unknown>): Reply {
  if (map.has(key)) return { status: 409, body: errorBody(409, `Already Exists: ${key}`, 'duplicate') };
  map.set(key, resource);
  return { status: 200, body: resource };
}

function notFound(what: string): Reply {
  return { status: 404, body: errorBody(404, `Not found: ${what}`, 'notFound') };
}
