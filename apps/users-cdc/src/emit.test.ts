import { createMetricsRegistry } from '@tessera/platform/metrics';
import { describe, expect, it } from 'vitest';
import { createEmit } from './emit.js';
import type { KafkaRecord } from './kafka/publisher.js';
import { createCdcMetrics } from './metrics.js';
import type { OutRecord } from './records.js';

const rec = (topic: 'users.v1' | 'dlq.v1', key: string, lsn: bigint, seq: number): OutRecord => ({
  topic, key: Buffer.from(key), value: Buffer.from('{}'), headers: {}, position: { lsn, seq },
});

function setup(marks: Map<number, { lsn: bigint; seq: number }>) {
  const sent: KafkaRecord[] = [];
  const emit = createEmit({
    publish: async (records) => void sent.push(...records),
    partitionOf: (key) => (key.toString().startsWith('p1') ? 1 : 0),
    marks,
    metrics: createCdcMetrics(createMetricsRegistry({ app: 't', defaultMetrics: false }), async () => null),
  });
  return { emit, sent };
}

describe('createEmit', () => {
  it('skips users.v1 records at or below the mark of their own partition only', async () => {
    const { emit, sent } = setup(new Map([[0, { lsn: 100n, seq: 1 }], [1, { lsn: 90n, seq: 0 }]]));
    await emit([rec('users.v1', 'p0-a', 100n, 0), rec('users.v1', 'p1-a', 100n, 1), rec('users.v1', 'p0-b', 100n, 2)]);
    expect(sent.map((r) => [r.key?.toString(), r.partition])).toEqual([['p1-a', 1], ['p0-b', 0]]);
  });

  it('skips dead letters of transactions older than the newest published one', async () => {
    const { emit, sent } = setup(new Map([[0, { lsn: 100n, seq: 0 }]]));
    await emit([rec('dlq.v1', 'x', 99n, 0), rec('dlq.v1', 'y', 100n, 1), rec('dlq.v1', 'z', 101n, 0)]);
    expect(sent.map((r) => r.key?.toString())).toEqual(['y', 'z']);
    expect(sent.every((r) => r.partition === undefined)).toBe(true);
  });
});
