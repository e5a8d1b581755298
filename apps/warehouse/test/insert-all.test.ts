// The low-latency path with the real BigQuery client against the fake: rows carry the archive
// columns and insertId = topic-partition-offset, identical when a batch is re-sent.
import { catalogueDecoder } from '@tessera/archiver/decoder';
import { startFakeGcp } from '@tessera/gcp-fake/server';
import type { FakeGcp } from '@tessera/gcp-fake/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStreamingInserts, insertRow } from '../src/bigquery/insert-all.js';
import { ensureBigQueryTables } from '../src/bigquery/tables.js';
import { generateDay } from './day.js';

process.env.METADATA_SERVER_DETECTION = 'none';
let fake: FakeGcp;
beforeEach(async () => { fake = await startFakeGcp(); });
afterEach(async () => { await fake.close(); });

describe('insertAll', () => {
  it('streams rows with deterministic insertIds, the same on a re-send', async () => {
    await ensureBigQueryTables({ projectId: 'p', datasetId: 'tessera', apiEndpoint: fake.url });
    const records = generateDay().records.filter((r) => r.topic === 'interactions.enriched.v1').slice(0, 5);
    const rows = records.map((r) => insertRow(r, catalogueDecoder));
    const inserts = createStreamingInserts({ projectId: 'p', datasetId: 'tessera', apiEndpoint: fake.url });
    expect(await inserts.insert('interactions', rows)).toEqual({ ok: true, value: { inserted: 5 } });
    expect(await inserts.insert('interactions', records.map((r) => insertRow(r, catalogueDecoder)))).toMatchObject({ ok: true });

    const received = fake.bigquery.insertedRows;
    expect(received.map((r) => r.insertId)).toEqual([...records, ...records].map((r) => `interactions.enriched.v1-${r.partition}-${r.offset}`));
    const first = received[0]!;
    expect(first.table).toBe('tessera.interactions');
    expect(first.json).toMatchObject({ topic: 'interactions.enriched.v1', partition: records[0]!.partition, offset: Number(records[0]!.offset), dt: '2026-11-21' });
    expect(first.json.value).toEqual(JSON.parse(records[0]!.value!.toString()));
  });

  it('reports a request BigQuery refuses as invalid and not retriable', async () => {
    await ensureBigQueryTables({ projectId: 'p', datasetId: 'tessera', apiEndpoint: fake.url });
    fake.fail({ method: 'POST', path: /insertAll$/, status: 400 });
    const inserts = createStreamingInserts({ projectId: 'p', datasetId: 'tessera', apiEndpoint: fake.url });
    const row = insertRow(generateDay().records[0]!, catalogueDecoder);
    const result = await inserts.insert('content', [row]);
    expect(result.ok ? 'ok' : [result.error.code, result.error.retriable]).toEqual(['invalid', false]);
  });
});
