// LeaveGroup (key 13), v0–v3 (v1 throttle — what kcat sends on exit; v3 = batch of members with
// per-member error codes — what kafkajs sends). Delegates to groups/: the member leaves at once and
// the group rebalances (or becomes Empty) without waiting for its session timeout.
import type { LeaveGroupRequest } from '../groups/types.js';
import { leaveGroup as leaveGroupApi } from '../protocol/apis/leave-group.js';
import { handlerFor } from './types.js';

export const leaveGroup = handlerFor(leaveGroupApi, {
  handle(ctx, body, version) {
    return ctx.groups.leaveGroup(body, version);
  },
  fail(req, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, members: (req.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null, errorCode })) };
  },
});
