// Heartbeat (API 12, v0-3): keeps a member's session alive and is how existing members learn about
// a rebalance — REBALANCE_IN_PROGRESS (27) while the group is collecting joins, which makes kafkajs
// and librdkafka rejoin. Heartbeats between JoinGroup and SyncGroup (CompletingRebalance) are normal.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { HeartbeatRequest, HeartbeatResponse } from './types.js';

export function heartbeat(ctx: GroupContext, req: HeartbeatRequest, _version: number): HeartbeatResponse {
  const answer = (errorCode: number): HeartbeatResponse => ({ throttleTimeMs: 0, errorCode });
  if (req.groupId === '') return answer(ErrorCode.INVALID_GROUP_ID);
  const group = ctx.group(req.groupId);
  const member = group?.members.get(req.memberId);
  if (!group || !member) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
  if (req.generationId !== group.generationId) return answer(ErrorCode.ILLEGAL_GENERATION);
  group.touch(member);
  return answer(group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE);
}
