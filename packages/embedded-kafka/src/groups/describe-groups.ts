// DescribeGroups (API 15, v0-2). Mirrors Kafka's GroupMetadata.summary: only a Stable group reports
// its protocol name and each member's chosen-protocol metadata and assignment bytes; in any other
// state members are listed with empty bytes (their assignment is not settled). An unknown group is
// "Dead" with error 0 — kafkajs admin.setOffsets accepts exactly "Empty" or "Dead" — and a group
// known only from committed offsets (e.g. after a broker restart) is "Empty".
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import { EMPTY } from './member.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse, DescribedGroup } from './types.js';

export function describeGroups(ctx: GroupContext, req: DescribeGroupsRequest, _version: number): DescribeGroupsResponse {
  return { throttleTimeMs: 0, groups: req.groups.map((id) => describeOne(ctx, id)) };
}

function describeOne(ctx: GroupContext, groupId: string): DescribedGroup {
  const base: DescribedGroup = {
    errorCode: ErrorCode.NONE,
    groupId,
    groupState: 'Dead',
    protocolType: '',
    protocolData: '',
    members: [],
  };
  if (groupId === '') return { ...base, errorCode: ErrorCode.INVALID_GROUP_ID };
  const group = ctx.group(groupId);
  if (!group) return ctx.offsets.list(groupId).length > 0 ? { ...base, groupState: 'Empty' } : base;
  const stable = group.state === 'Stable';
  return {
    ...base,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: stable ? group.protocolName ?? '' : '',
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? group.chosenMetadata(m) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    })),
  };
}
