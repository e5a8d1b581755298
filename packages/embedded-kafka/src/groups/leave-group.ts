// LeaveGroup (API 13, v0-3). v0-2 name one member (its error is the top-level error); v3 carries a
// batch with per-member errors and a top-level 0. A leaving member's held requests are answered
// with UNKNOWN_MEMBER_ID and the group rebalances without it (or goes Empty). A member may also be
// named by groupInstanceId alone (v3), resolved against the instance ids members joined with.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { Group } from './group.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from './types.js';

export function leaveGroup(ctx: GroupContext, req: LeaveGroupRequest, version: number): LeaveGroupResponse {
  const leaving = version >= 3 ? req.members ?? [] : [{ memberId: req.memberId ?? '', groupInstanceId: null }];
  if (req.groupId === '') return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
  const group = ctx.group(req.groupId);
  const members = leaving.map((l) => {
    const groupInstanceId = l.groupInstanceId ?? null;
    const named = l.memberId ?? '';
    const memberId = named === '' && groupInstanceId !== null && group ? byInstance(group, groupInstanceId) : named;
    return { memberId, groupInstanceId, errorCode: group ? leave(group, memberId) : ErrorCode.UNKNOWN_MEMBER_ID };
  });
  const errorCode = version >= 3 ? ErrorCode.NONE : members[0]?.errorCode ?? ErrorCode.NONE;
  return { throttleTimeMs: 0, errorCode, members };
}

function leave(group: Group, memberId: string): number {
  if (group.removePending(memberId)) return ErrorCode.NONE;
  const member = group.members.get(memberId);
  if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
  group.memberGone(member);
  return ErrorCode.NONE;
}

function byInstance(group: Group, groupInstanceId: string): string {
  for (const m of group.members.values()) if (m.groupInstanceId === groupInstanceId) return m.memberId;
  return '';
}
