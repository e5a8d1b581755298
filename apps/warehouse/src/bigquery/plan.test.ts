import { describe, expect, it } from 'vitest';
import { TABLES } from '../tables.js';
import { planLoads } from './plan.js';

const table = TABLES.find((t) => t.name === 'interactions')!;
const dest = { projectId: 'p', datasetId: 'd', bucket: 'b', prefix: 'archive' };
const key = (hr: string, p: number, offset: number) =>
  `archive/interactions.enriched.v1/dt=2026-11-22/hr=${hr}/interactions.enriched.v1+${p}+${String(offset).padStart(19, '0')}.ndjson.gz`;
const keys = [key('10', 1, 0), key('09', 0, 50), key('09', 0, 0), key('10', 0, 100), key('09', 2, 0)];
const none = new Set<string>();

describe('load job planning', () => {
  it('gives the same ids for the same objects whatever the listing order', () => {
    const a = planLoads(table, dest, keys, none, none, 2);
    const b = planLoads(table, dest, [...keys].reverse(), none, none, 2);
    expect(a.map((p) => p.jobId)).toEqual(b.map((p) => p.jobId));
    expect(a.map((p) => p.objectKeys.length)).toEqual([2, 2, 1]);
    expect(new Set(a.map((p) => p.jobId)).size).toBe(3);
  });

  it('gives different ids to different objects or tables', () => {
    const a = planLoads(table, dest, keys, none, none)[0]!.jobId;
    const b = planLoads(table, dest, keys.slice(1), none, none)[0]!.jobId;
    const other = { ...TABLES.find((t) => t.name === 'beacons')!, topic: table.topic };
    expect(a).not.toBe(b);
    expect(planLoads(other, dest, keys, none, none)[0]!.jobId).not.toBe(a);
  });

  it('skips objects already in a job and other topics, and suffixes ids whose job failed', () => {
    const submitted = new Set([`gs://b/${key('09', 0, 0)}`]);
    const plans = planLoads(table, dest, [...keys, 'archive/content.v1/dt=2026-11-22/hr=09/content.v1+0+0000000000000000000.ndjson.gz'], submitted, none);
    expect(plans[0]!.objectKeys).toHaveLength(4);
    const failed = new Set([plans[0]!.jobId, `${plans[0]!.jobId}_r1`]);
    expect(planLoads(table, dest, keys, submitted, failed)[0]!.jobId).toBe(`${plans[0]!.jobId}_r2`);
  });
});
