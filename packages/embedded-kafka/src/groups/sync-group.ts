// SyncGroup (API 14, v0-3). During CompletingRebalance every SyncGroup is held until the leader's
// arrives with the assignments; then all held ones are answered with their member's bytes (empty
// bytes for a member the leader left out — kafkajs decodes that as "nothing assigned"). A late
// follower SyncGroup in Stable gets its stored assignment immediately.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import { syncError } from './member.js';
import type { SyncGroupRequest, SyncGroupResponse } from './types.js';

export function syncGroup(ctx: GroupContext, req: SyncGroupRequest, _version: number): Promise<SyncGroupResponse> {
  const fail = (code: number) => Promise.resolve(syncError(code));
  if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
  const group = ctx.group(req.groupId);
  const member = group?.members.get(req.memberId);
  if (!group || !member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
  if (req.generationId !== group.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);
  // v0-3 (the advertised range) do not repeat the protocol type and name (v5 does).

  switch (group.state) {
    case 'PreparingRebalance':
      return fail(ErrorCode.REBALANCE_IN_PROGRESS);
    case 'CompletingRebalance':
      return new Promise((reply) => group.receiveSync(member, req, reply));
    case 'Stable':
      group.touch(member);
      return Promise.resolve(group.syncResponse(member));
    default:
      return fail(ErrorCode.UNKNOWN_MEMBER_ID);
  }
}
