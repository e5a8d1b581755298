// DescribeGroups (key 15), v0–v2 (v1 throttle; v2 = v1). Delegates to groups/: group_state is one
// of Empty, PreparingRebalance, CompletingRebalance, Stable, Dead (kafkajs setOffsets requires
// exactly "Empty" or "Dead"); an unknown group answers state Dead with error 0.
import type { DescribeGroupsRequest } from '../groups/types.js';
import { describeGroups as describeGroupsApi } from '../protocol/apis/describe-groups.js';
import { handlerFor } from './types.js';

export const describeGroups = handlerFor(describeGroupsApi, {
  handle(ctx, body, version) {
    return ctx.groups.describeGroups(body, version);
  },
  fail(req, _version, errorCode) {
    return { throttleTimeMs: 0, groups: req.groups.map((groupId) => ({ errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [] })) };
  },
});
