// The BigQuery path with the real @google-cloud/bigquery and @google-cloud/storage clients
// against the loopback fake: the load jobs they really send (ids, source URIs, configuration),
// ids stable across retries and restarts, and no object loaded twice.
import type { ObjectStore } from '@tessera/archive/object-store';
import { createGcsStore } from '@tessera/archive/object-store/gcs';
import { createArchiver } from '@tessera/archiver/archiver';
import { catalogueDecoder } from '@tessera/archiver/decoder';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBigQueryJobs } from '../src/bigquery/jobs.js';
import type { BigQueryJobs } from '../src/bigquery/jobs.js';
import { loadRound } from '../src/bigquery/loader.js';
import { TABLES } from '../src/tables.js';
import { generateDay } from './day.js';

process.env.METADATA_SERVER_DETECTION = 'none';
const BUCKET = 'tessera-archive';
const destination = { projectId: 'tessera-test', datasetId: 'tessera', bucket: BUCKET, prefix: 'archive' };
const tables = TABLES.filter((t) => t.name === 'interactions' || t.name === 'content');

let fake: FakeGcp;
let store: ObjectStore;
let jobs: BigQueryJobs;
beforeEach(async () => {
  fake = await startFakeGcp();
  store = createGcsStore({ bucket: BUCKET, projectId: 'tessera-test', apiEndpoint: fake.url });
  jobs = createBigQueryJobs({ projectId: 'tessera-test', apiEndpoint: fake.url });
});
afterEach(async () => { await fake.close(); });

async function archive(records = generateDay().records.slice(0, 500)): Promise<void> {
  const archiver = createArchiver({ store, prefix: 'archive', decode: catalogueDecoder, limits: { maxRecords: 100, maxBytes: 1 << 30 } });
  await archiver.archive(records);
  await archiver.flush();
}

const jobPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/bigquery/v2/projects/tessera-test/jobs')
  .map((r) => JSON.parse(r.body.toString()) as { jobReference: { jobId: string }; configuration: { load: Record<string, unknown>; labels: Record<string, string> } });
const objectsOf = (topic: string) => [...fake.gcs.objects.values()].filter((o) => o.name.startsWith(`archive/${topic}/`)).map((o) => `gs://${BUCKET}/${o.name}`).sort();

describe('BigQuery load jobs from the GCS archive', () => {
  it('sends one load job per table with every archived object, the line schema and hive dt/hr partitioning', async () => {
    await archive();
    const round = await loadRound({ jobs, list: store.list, destination, tables });
    expect(round.ok && round.value.failed).toEqual([]);
    const posts = jobPosts();
    expect(posts).toHaveLength(2);
    const interactions = posts.find((p) => p.configuration.labels.table === 'interactions')!;
    expect(interactions.jobReference.jobId).toMatch(/^tessera_load_interactions_[0-9a-f]{40}$/);
    expect(interactions.configuration.load).toMatchObject({
      sourceUris: objectsOf('interactions.enriched.v1'),
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      destinationTable: { projectId: 'tessera-test', datasetId: 'tessera', tableId: 'interactions' },
      hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: `gs://${BUCKET}/archive/interactions.enriched.v1/{dt:DATE}/{hr:INTEGER}` },
      timePartitioning: { type: 'DAY', field: 'dt' },
      writeDisposition: 'WRITE_APPEND',
    });
    expect((interactions.configuration.load.sourceUris as string[]).length).toBeGreaterThan(1);
    const fields = (interactions.configuration.load.schema as { fields: { name: string; fields?: { name: string }[] }[] }).fields;
    expect(fields.map((f) => f.name)).toEqual(['topic', 'partition', 'offset', 'timestamp', 'eventTime', 'key', 'keyBase64', 'headers', 'value', 'valueBase64']);
    expect(fields.find((f) => f.name === 'value')?.fields?.map((f) => f.name)).toContain('onScreenMs');
  });

  it('keeps the job id when the response is lost and the client retries: one job, not two loads', async () => {
    await archive();
    fake.fail({ method: 'POST', path: /\/jobs$/, status: 503, afterApplying: true });
    const round = await loadRound({ jobs, list: store.list, destination, tables });
    expect(round.ok && round.value.failed).toEqual([]);
    const posts = jobPosts();
    expect(posts).toHaveLength(3);
    expect(posts[0]!.jobReference.jobId).toBe(posts[1]!.jobReference.jobId);
    expect(fake.bigquery.jobs.size).toBe(2);
    expect(round.ok && round.value.submitted.find((s) => s.jobId === posts[0]!.jobReference.jobId)?.existed).toBe(true);
  });

  it('plans the same ids after a restart that lost its bookkeeping, and loads only new objects afterwards', async () => {
    await archive();
    const first = await loadRound({ jobs, list: store.list, destination, tables });
    const ids = first.ok ? first.value.submitted.map((s) => s.jobId).sort() : [];
    // A loader that cannot see past jobs re-plans the same objects: same ids, answered 409.
    const blind: BigQueryJobs = { ...jobs, list: async () => ({ ok: true, value: [] }) };
    const again = await loadRound({ jobs: blind, list: store.list, destination, tables });
    expect(again.ok && again.value.submitted.map((s) => [s.jobId, s.existed]).sort()).toEqual(ids.map((id) => [id, true]));
    expect(fake.bigquery.jobs.size).toBe(2);
    // A loader that sees them submits nothing.
    const idle = await loadRound({ jobs, list: store.list, destination, tables });
    expect(idle.ok && idle.value.submitted).toEqual([]);
    // New objects: one more job, with only those.
    const before = new Set(objectsOf('interactions.enriched.v1'));
    await archive(generateDay().records.slice(500));
    const next = await loadRound({ jobs, list: store.list, destination, tables });
    const fresh = objectsOf('interactions.enriched.v1').filter((u) => !before.has(u));
    const newJob = jobPosts().filter((p) => p.configuration.labels.table === 'interactions').at(-1)!;
    expect(next.ok && next.value.submitted.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThan(0);
    expect([...fake.bigquery.jobs.values()].flatMap((j) => (j.configuration.load as { sourceUris: string[] }).sourceUris).length)
      .toBe(new Set([...fake.bigquery.jobs.values()].flatMap((j) => (j.configuration.load as { sourceUris: string[] }).sourceUris)).size);
    expect(newJob.configuration.load.sourceUris).toEqual(fresh);
  });

  it('reports a failed job and re-plans its objects under a new id on the next round', async () => {
    await archive();
    fake.bigquery.jobErrors = (job) => (job.configuration.labels as Record<string, string>).table === 'content' ? { reason: 'invalid', message: 'bad row' } : undefined;
    const first = await loadRound({ jobs, list: store.list, destination, tables });
    expect(first.ok && first.value.failed.map((f) => [f.table, f.error.code])).toEqual([['content', 'job_failed']]);
    const failedId = first.ok ? first.value.failed[0]!.jobId : '';
    delete fake.bigquery.jobErrors;
    const second = await loadRound({ jobs, list: store.list, destination, tables });
    expect(second.ok && second.value.submitted.map((s) => s.jobId)).toEqual([`${failedId}_r1`]);
  });
});

describe('BigQuery tables', () => {
  it('creates the dataset and every table partitioned by event date, clustered, with the contract-derived schema; again = no change', async () => {
    const { ensureBigQueryTables } = await import('../src/bigquery/tables.js');
    const first = await ensureBigQueryTables({ projectId: 'tessera-test', datasetId: 'tessera', apiEndpoint: fake.url });
    expect(first.ok && first.value.created).toEqual(['tessera', ...TABLES.map((t) => `tessera.${t.name}`)]);
    const sent = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/datasets/tessera/tables'))
      .map((r) => JSON.parse(r.body.toString()) as Record<string, { fields?: { name: string; type: string; mode: string }[] } & Record<string, unknown>>);
    const interactions = sent.find((t) => (t.tableReference as unknown as { tableId: string }).tableId === 'interactions')!;
    expect(interactions.timePartitioning).toEqual({ type: 'DAY', field: 'dt' });
    expect(interactions.clustering).toEqual({ fields: ['hr', 'key'] });
    const fields = interactions.schema!.fields!;
    expect(fields.slice(-2)).toEqual([
      expect.objectContaining({ name: 'dt', type: 'DATE' }),
      expect.objectContaining({ name: 'hr', type: 'INTEGER' }),
    ]);
    expect(fields.find((f) => f.name === 'value')).toMatchObject({ type: 'RECORD', mode: 'NULLABLE' });
    const again = await ensureBigQueryTables({ projectId: 'tessera-test', datasetId: 'tessera', apiEndpoint: fake.url });
    expect(again.ok && again.value).toEqual({ created: [], existing: ['tessera', ...TABLES.map((t) => `tessera.${t.name}`)] });
  });
});
