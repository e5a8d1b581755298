// LeaveGroup (key 13), v0–v3 (v1 throttle — what kcat sends on exit; v3 = batch of members with
// per-member error codes — what kafkajs sends). Delegates to groups/: the member leaves at once and
// the group rebalances (or becomes Empty) without waiting for its session timeout.
import type { LeaveGroupRequest } from '../groups/types.js';
import type { Body, Handler } from './types.js';

export const leaveGroup: Handler = {
  apiKey: 13,
  handle(ctx, body, version) {
    return ctx.groups.leaveGroup(body as unknown as LeaveGroupRequest, version) as unknown as Body;
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as LeaveGroupRequest;
    return { throttleTimeMs: 0, errorCode, members: (req.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null, errorCode })) };
  },
};
