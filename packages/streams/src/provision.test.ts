import { topicSpec } from '@tessera/contracts/topic-config';
import { describe, expect, it } from 'vitest';
import { localOnCluster } from './provision.js';

const minInsync = (s: ReturnType<typeof topicSpec>) => s.configEntries.find((e) => e.name === 'min.insync.replicas')?.value;

describe('localOnCluster', () => {
  it('one copy on one broker, three with min.insync.replicas=2 on three or more; partitions and other configs untouched', () => {
    const local = topicSpec('interactions.v1', 'local');
    expect(localOnCluster(local, 1)).toEqual(local);
    const three = localOnCluster(local, 3);
    expect([three.replicationFactor, minInsync(three), three.numPartitions]).toEqual([3, '2', local.numPartitions]);
    expect(localOnCluster(local, 5).replicationFactor).toBe(3);
    const two = localOnCluster(local, 2);
    expect([two.replicationFactor, minInsync(two)]).toEqual([2, '1']);
    expect(three.configEntries.filter((e) => e.name !== 'min.insync.replicas')).toEqual(local.configEntries.filter((e) => e.name !== 'min.insync.replicas'));
  });
});
