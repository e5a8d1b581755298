// OffsetCommit (key 8), v2–v5 (v2–v4 carry retention_time_ms, ignored: offsets live until the group
// is deleted; v3 throttle; v5 drops retention). Like Kafka's KafkaApis, topics are checked first:
// a topic this broker does not have, or a partition index beyond its partitions, answers
// UNKNOWN_TOPIC_OR_PARTITION and is never stored (a commit for a deleted or mistyped topic must
// not look successful). Only the remaining partitions reach groups/: generation/member checks
// (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS while awaiting sync), simple commits
// (generation -1) only for groups without members, and the metadata string round-trips byte for
// byte. When no partition is left the coordinator is not consulted at all (as in Kafka). Offsets
// are written to the journal before the response is sent (fsynced first only with flush 'always';
// see the README's durability section).
import { ErrorCode } from '../protocol/errors.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../groups/types.js';
import { offsetCommit as offsetCommitApi } from '../protocol/apis/offset-commit.js';
import { handlerFor } from './types.js';

const at = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export const offsetCommit = handlerFor(offsetCommitApi, {
  async handle(ctx, req, version) {
    const known = req.topics
      .map((t) => ({ ...t, partitions: t.partitions.filter((p) => ctx.cluster.log(t.name, p.partitionIndex) !== undefined) }))
      .filter((t) => t.partitions.length > 0);
    const answered: OffsetCommitResponse = known.length > 0
      ? await ctx.groups.commitOffsets({ ...req, topics: known }, version)
      : { throttleTimeMs: 0, topics: [] };
    const codes = new Map<string, number>();
    for (const t of answered.topics) for (const p of t.partitions) codes.set(at(t.name, p.partitionIndex), p.errorCode);
    return {
      throttleTimeMs: answered.throttleTimeMs,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: codes.get(at(t.name, p.partitionIndex)) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        })),
      })),
    } satisfies OffsetCommitResponse;
  },
  fail(req, _version, errorCode) {
    return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })) };
  },
});
