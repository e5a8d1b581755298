// The fake is only useful if the real clients accept its answers: these tests drive it with
// @google-cloud/storage and @google-cloud/bigquery exactly as the apps do.
import { gzipSync } from 'node:zlib';
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGcp } from './server.js';
import type { FakeGcp } from './server.js';

process.env.METADATA_SERVER_DETECTION = 'none';

let fake: FakeGcp;
beforeEach(async () => { fake = await startFakeGcp(); });
afterEach(async () => { await fake.close(); });

describe('GCS', () => {
  it('stores a multipart upload byte for byte, lists it by prefix and downloads it', async () => {
    const storage = new Storage({ apiEndpoint: fake.url, projectId: 'p' });
    const bytes = Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
    await storage.bucket('bkt').file('a/b/c.bin').save(bytes, { resumable: false, contentType: 'application/gzip', validation: 'md5' });
    await storage.bucket('bkt').file('a/x.bin').save('x', { resumable: false, validation: 'md5' });

    expect(fake.gcs.objects.get('bkt/a/b/c.bin')?.body.equals(bytes)).toBe(true);
    expect(fake.gcs.objects.get('bkt/a/b/c.bin')?.contentType).toBe('application/gzip');
    const [files] = await storage.bucket('bkt').getFiles({ prefix: 'a/b/' });
    expect(files.map((f) => f.name)).toEqual(['a/b/c.bin']);
    const [downloaded] = await storage.bucket('bkt').file('a/b/c.bin').download();
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it('pages long listings', async () => {
    const storage = new Storage({ apiEndpoint: fake.url, projectId: 'p' });
    for (let i = 0; i < 5; i++) await storage.bucket('bkt').file(`k/${i}`).save(String(i), { resumable: false });
    const names: string[] = [];
    type Query = { prefix: string; maxResults: number; autoPaginate: false; pageToken?: string };
    let query: Query | null = { prefix: 'k/', maxResults: 2, autoPaginate: false };
    while (query) {
      const page: [{ name: string }[], Query | null] = (await storage.bucket('bkt').getFiles(query)) as never;
      names.push(...page[0].map((f) => f.name));
      query = page[1];
    }
    expect(names).toEqual(['k/0', 'k/1', 'k/2', 'k/3', 'k/4']);
    expect(fake.requests.filter((r) => r.method === 'GET').length).toBe(3);
  });
});

describe('BigQuery', () => {
  it('answers 409 to a second job with the same id, as the service does', async () => {
    const bq = new BigQuery({ apiEndpoint: fake.url, projectId: 'p' });
    await new Storage({ apiEndpoint: fake.url, projectId: 'p' }).bucket('b').file('x').save('{"a":1}\n', { resumable: false });
    const configuration = { load: { sourceUris: ['gs://b/x'], destinationTable: { projectId: 'p', datasetId: 'd', tableId: 't' } } };
    const [job] = await bq.createJob({ jobId: 'load_1', configuration });
    expect(job.id).toBe('load_1');
    await expect(bq.createJob({ jobId: 'load_1', configuration })).rejects.toMatchObject({ code: 409 });
    expect(fake.bigquery.jobs.size).toBe(1);
  });

  it('loads gzip NDJSON objects from its GCS into table rows, with hive path columns and the schema\'s fields', async () => {
    const storage = new Storage({ apiEndpoint: fake.url, projectId: 'p' });
    const lines = [{ key: 'u-1', value: { userId: 'u-1' }, extra: 'dropped' }, { key: 'u-2', value: { userId: 'u-2' } }];
    await storage.bucket('b').file('t/dt=2026-01-02/hr=07/o.ndjson.gz')
      .save(gzipSync(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'), { resumable: false });
    const bq = new BigQuery({ apiEndpoint: fake.url, projectId: 'p' });
    const [job] = await bq.createJob({ jobId: 'load_h', configuration: { load: {
      sourceUris: ['gs://b/t/dt=2026-01-02/hr=07/o.ndjson.gz'], destinationTable: { projectId: 'p', datasetId: 'd', tableId: 't' },
      schema: { fields: [{ name: 'key', type: 'STRING' }, { name: 'value', type: 'RECORD' }] },
      hivePartitioningOptions: { mode: 'CUSTOM', sourceUriPrefix: 'gs://b/t/{dt:DATE}/{hr:INTEGER}' },
    } } });
    expect(job.metadata.status.state).toBe('DONE');
    expect(fake.bigquery.rows.get('d.t')).toEqual([
      { key: 'u-1', value: { userId: 'u-1' }, dt: '2026-01-02', hr: 7 },
      { key: 'u-2', value: { userId: 'u-2' }, dt: '2026-01-02', hr: 7 },
    ]);
    await expect(bq.createJob({ jobId: 'load_missing', configuration: { load: {
      sourceUris: ['gs://b/nothing'], destinationTable: { projectId: 'p', datasetId: 'd', tableId: 't' } } } }))
      .rejects.toMatchObject({ message: expect.stringContaining('Not found: URI gs://b/nothing') });
  });

  it('runs a parameterized DELETE sent by the real client and reports the rows it removed', async () => {
    fake.bigquery.rows.set('d.t', [
      { key: 'u-1', value: { userId: 'u-1' } }, { key: 'x', value: { userId: 'u-1' } },
      { key: 'u-12', value: { userId: 'u-12' } }, { key: 'u-2', value: null },
    ]);
    const bq = new BigQuery({ apiEndpoint: fake.url, projectId: 'p' });
    const [job] = await bq.createQueryJob({
      query: 'DELETE FROM `p.d.t` WHERE `key` IN UNNEST(@ids) OR `value`.`userId` IN UNNEST(@ids)',
      params: { ids: ['u-1', 'u-9'] },
    });
    await job.promise();
    const [metadata] = await job.getMetadata();
    expect((metadata as { statistics: { query: { numDmlAffectedRows: string } } }).statistics.query.numDmlAffectedRows).toBe('2');
    expect(fake.bigquery.rows.get('d.t')?.map((r) => r.key)).toEqual(['u-12', 'u-2']);

    const [other] = await bq.createQueryJob({ query: 'SELECT * FROM `p.d.t`' }).catch((e: unknown) => [e]);
    expect(String((other as Error).message ?? other)).toMatch(/the fake runs only DELETE/);
  });

  it('keeps raw insertAll rows with their insertIds', async () => {
    const bq = new BigQuery({ apiEndpoint: fake.url, projectId: 'p' });
    await bq.dataset('d').create();
    await bq.dataset('d').createTable('t', { schema: { fields: [{ name: 'a', type: 'STRING' }] } });
    await bq.dataset('d').table('t').insert([{ insertId: 'topic-0-7', json: { a: 'x' } }], { raw: true });
    expect(fake.bigquery.insertedRows).toEqual([{ table: 'd.t', insertId: 'topic-0-7', json: { a: 'x' } }]);
  });

  it('injects a fault after applying the request', async () => {
    const bq = new BigQuery({ apiEndpoint: fake.url, projectId: 'p', autoRetry: false });
    fake.fail({ method: 'POST', path: /\/jobs$/, status: 503, afterApplying: true });
    await expect(bq.createJob({ jobId: 'j', configuration: { dryRun: false } })).rejects.toMatchObject({ code: 503 });
    expect(fake.bigquery.jobs.has('j')).toBe(true);
  });
});
