// Chooses the partition of a keyed record the way kafkajs' (Java-compatible murmur2) default
// partitioner would, but up front: users-cdc must know a record's partition before producing it
// to compare with that partition's last published position.
import { Partitioners } from 'kafkajs';

export type PartitionOf = (key: Buffer) => number;

export function keyPartitioner(topic: string, partitionCount: number): PartitionOf {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new Error(`bad partition count ${partitionCount}`);
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0,
  }));
  return (key) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
