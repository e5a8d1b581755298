// ListGroups (API 16, v0-2): every group the coordinator knows — live groups plus groups that only
// have committed offsets (Empty, protocol type '') — sorted by id. groupState is filled for v4+
// encoders; statesFilter (v4+) is honoured when non-empty.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { ListGroupsRequest, ListGroupsResponse } from './types.js';

export function listGroups(ctx: GroupContext, req: ListGroupsRequest, _version: number): ListGroupsResponse {
  const byId = new Map<string, { groupId: string; protocolType: string; groupState: string }>();
  for (const groupId of ctx.offsets.groups()) byId.set(groupId, { groupId, protocolType: '', groupState: 'Empty' });
  for (const g of ctx.allGroups()) {
    byId.set(g.groupId, { groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state });
  }
  const states = new Set((req.statesFilter ?? []).map((s) => s.toLowerCase()));
  const groups = [...byId.values()]
    .filter((g) => states.size === 0 || states.has(g.groupState.toLowerCase()))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
}
