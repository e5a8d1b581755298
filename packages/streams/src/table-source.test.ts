import { describe, expect, it } from 'vitest';
import { compareWithLog, newSource } from './table-source.js';

const facts = { clusterId: 'AAAAAAAAAAAAAAAAAAAAAA', highWatermarks: new Map([[0, 10n], [1, 4n]]) };

describe('compareWithLog', () => {
  it('same log: the source names this cluster and no stored offset is beyond its partition end', () => {
    expect(compareWithLog({ source: `${facts.clusterId}/e1`, 0: '10', 1: '2' }, facts)).toEqual({ same: true });
    expect(compareWithLog({}, facts)).toEqual({ same: true }); // a new table
    expect(compareWithLog({ 0: '3' }, facts)).toEqual({ same: true }); // stored before sources existed
    expect(compareWithLog({ 7: '99' }, facts)).toEqual({ same: true }); // a partition the topic no longer has
  });

  it('another cluster', () => {
    expect(compareWithLog({ source: 'BBBBBBBBBBBBBBBBBBBBBB/e1', 0: '1' }, facts))
      .toEqual({ same: false, reason: `stored for Kafka cluster BBBBBBBBBBBBBBBBBBBBBB, now reading cluster ${facts.clusterId}` });
  });

  it('a stored offset beyond the high watermark (a shorter log, even on the same cluster)', () => {
    expect(compareWithLog({ source: `${facts.clusterId}/e1`, 0: '10', 1: '5' }, facts))
      .toEqual({ same: false, reason: 'partition 1: stored offset 5 is beyond the high watermark 4' });
  });

  it('new sources carry the cluster id and differ from each other', () => {
    const [x, y] = [newSource(facts.clusterId), newSource(facts.clusterId)];
    expect(x.startsWith(`${facts.clusterId}/`)).toBe(true);
    expect(x).not.toBe(y);
    expect(compareWithLog({ source: x }, facts)).toEqual({ same: true });
  });
});
