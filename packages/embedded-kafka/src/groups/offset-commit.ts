// OffsetCommit (API 8, v0-5; kafkajs uses 5, librdkafka 5, kafka-python 2). Stores (offset,
// metadata) per group/topic/partition and round-trips the metadata string exactly.
//  - Member commits (generation >= 0 or a member id): the member must exist (else 25), the
//    generation must match (else 22), and not during CompletingRebalance (27). Commits from the
//    current generation are accepted while PreparingRebalance, so progress made before a rebalance
//    is not lost. A member commit also counts as a heartbeat, as in Kafka. A generation for a group
//    the coordinator does not know is 22 (Kafka's answer below OffsetCommit v9).
//  - Simple commits (generation -1; all of v0) are for groups without members: they are accepted
//    on Empty or unknown groups (creating an Empty group), whatever the member id, and refused
//    with 25 otherwise. (Both as Apache Kafka 4.4.0 answers: test/conformance/groups.test.ts.)
//  - retentionTimeMs (v2-4) is ignored: offsets live until the group is deleted.
// The reply waits for the store's write to finish: an acknowledged commit survives a broker crash,
// and a power loss too only with flush 'always' (interval mode fsyncs after the answer).
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from './types.js';

/** Kafka's offset.metadata.max.bytes default; longer metadata gets OFFSET_METADATA_TOO_LARGE. */
export const MAX_METADATA_BYTES = 4096;

export async function offsetCommit(ctx: GroupContext, req: OffsetCommitRequest, version: number): Promise<OffsetCommitResponse> {
  const groupError = validate(ctx, req, version);
  const now = ctx.clock.now();
  const writes: Promise<unknown>[] = [];
  const failedWrites = new Set<string>();
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      const answer = (errorCode: number) => ({ partitionIndex: p.partitionIndex, errorCode });
      if (groupError !== ErrorCode.NONE) return answer(groupError);
      const metadata = p.committedMetadata ?? '';
      if (Buffer.byteLength(metadata, 'utf8') > MAX_METADATA_BYTES) return answer(ErrorCode.OFFSET_METADATA_TOO_LARGE);
      // v2+ (the advertised range) carry no commit timestamp: the broker's clock stamps it.
      const write = ctx.offsets.set(req.groupId, t.name, p.partitionIndex, { offset: p.committedOffset, metadata, commitTimestamp: now });
      if (write) writes.push(write.catch(() => failedWrites.add(`${t.name}\u0000${p.partitionIndex}`)));
      return answer(ErrorCode.NONE);
    }),
  }));
  await Promise.all(writes);
  if (failedWrites.size > 0) {
    // Not written means not committed: the client retries on this retriable coordinator error.
    for (const t of topics) {
      for (const p of t.partitions) {
        if (failedWrites.has(`${t.name}\u0000${p.partitionIndex}`)) p.errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      }
    }
  }
  return { throttleTimeMs: 0, topics };
}

function validate(ctx: GroupContext, req: OffsetCommitRequest, version: number): number {
  if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
  const generationId = version >= 1 ? req.generationIdOrMemberEpoch ?? -1 : -1;
  const memberId = version >= 1 ? req.memberId ?? '' : '';
  const group = ctx.group(req.groupId);
  if (!group) {
    // Kafka's group coordinator (OffsetMetadataManager.validateOffsetCommit): an unknown group with
    // a generation is ILLEGAL_GENERATION below v9; without one a simple (Empty) group is created.
    if (generationId >= 0) return ErrorCode.ILLEGAL_GENERATION;
    ctx.createGroup(req.groupId);
    return ErrorCode.NONE;
  }
  // An Empty group takes any commit without a generation, member id or not (ClassicGroup.validateOffsetCommit).
  if (generationId < 0 && group.state === 'Empty') return ErrorCode.NONE;
  if (generationId >= 0 || memberId !== '') {
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    group.touch(member);
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }
  return ErrorCode.UNKNOWN_MEMBER_ID;
}
