// ListGroups (API 16, v0-2): every group the coordinator knows — live groups plus groups that only
// have committed offsets (Empty, protocol type '') — sorted by id. groupState is filled for v4+
// encoders; statesFilter (v4+) is honoured when non-empty.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { ListGroupsRequest, ListGroupsResponse } from './types.js';

export function listGroups(ctx: GroupContext, _req: ListGroupsRequest, _version: number): ListGroupsResponse {
  const byId = new Map<string, { groupId: string; protocolType: string; groupState: string }>();
  for (const groupId of ctx.offsets.groups()) byId.set(groupId, { groupId, protocolType: '', groupState: 'Empty' });
  for (const g of ctx.allGroups()) {
    byId.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state });
  }
  // v0-2 (the advertised range) have no states filter: every group is listed.
  const groups = [...byId.values()]
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
}
