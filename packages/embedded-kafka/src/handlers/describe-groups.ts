// DescribeGroups (key 15), v0–v2 (v1 throttle; v2 = v1). Delegates to groups/: group_state is one
// of Empty, PreparingRebalance, CompletingRebalance, Stable, Dead (kafkajs setOffsets requires
// exactly "Empty" or "Dead"); an unknown group answers state Dead with error 0.
import type { DescribeGroupsRequest } from '../groups/types.js';
import type { Body, Handler } from './types.js';

export const describeGroups: Handler = {
  apiKey: 15,
  handle(ctx, body, version) {
    return ctx.groups.describeGroups(body as unknown as DescribeGroupsRequest, version) as unknown as Body;
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as DescribeGroupsRequest;
    return { throttleTimeMs: 0, groups: req.groups.map((groupId) => ({ errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [] })) };
  },
};
