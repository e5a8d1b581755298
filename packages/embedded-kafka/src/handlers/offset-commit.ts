// OffsetCommit (key 8), v2–v5 (v2–v4 carry retention_time_ms, ignored: offsets live until the group
// is deleted; v3 throttle; v5 drops retention). Delegates to groups/: generation/member checks
// (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS while awaiting sync), simple commits
// (generation -1) only for groups without members, and the metadata string round-trips byte for
// byte. Offsets are durable (journal) before the response is sent.
import type { OffsetCommitRequest } from '../groups/types.js';
import type { Body, Handler } from './types.js';

export const offsetCommit: Handler = {
  apiKey: 8,
  async handle(ctx, body, version) {
    return (await ctx.groups.commitOffsets(body as unknown as OffsetCommitRequest, version)) as unknown as Body;
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as OffsetCommitRequest;
    return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })) };
  },
};
