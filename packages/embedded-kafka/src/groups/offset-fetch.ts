// OffsetFetch (API 9, v1-4). Answers from the committed-offset store: a partition without a commit
// gets offset -1, metadata '' and error 0 (what clients treat as "use auto.offset.reset"); topics
// null (v2+, what kafkajs admin.fetchOffsets sends) means every committed partition of the group.
// An unknown group is not an error — it simply has no commits. The top-level errorCode exists from
// v2; for v0-1 the same error is repeated per partition.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponsePartition } from './types.js';

export function offsetFetch(ctx: GroupContext, req: OffsetFetchRequest, _version: number): OffsetFetchResponse {
  const none = (partitionIndex: number, errorCode: number): OffsetFetchResponsePartition => ({
    partitionIndex,
    committedOffset: -1,
    metadata: '',
    errorCode,
  });
  if (req.groupId === '') {
    const topics = (req.topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((i) => none(i, ErrorCode.INVALID_GROUP_ID)),
    }));
    return { throttleTimeMs: 0, topics, errorCode: ErrorCode.INVALID_GROUP_ID };
  }
  if (req.topics === null) {
    const byTopic = new Map<string, OffsetFetchResponsePartition[]>();
    for (const c of ctx.offsets.list(req.groupId)) {
      let partitions = byTopic.get(c.topic);
      if (!partitions) byTopic.set(c.topic, (partitions = []));
      partitions.push({ ...none(c.partition, ErrorCode.NONE), committedOffset: c.offset, metadata: c.metadata });
    }
    const topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
    return { throttleTimeMs: 0, topics, errorCode: ErrorCode.NONE };
  }
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((i) => {
      const c = ctx.offsets.get(req.groupId, t.name, i);
      return c ? { ...none(i, ErrorCode.NONE), committedOffset: c.offset, metadata: c.metadata } : none(i, ErrorCode.NONE);
    }),
  }));
  return { throttleTimeMs: 0, topics, errorCode: ErrorCode.NONE };
}
