// DeleteGroups (API 42, v0-1). Only an Empty group (no members, nothing rebalancing) can be deleted:
// otherwise NON_EMPTY_GROUP (68); a group neither live nor holding offsets is GROUP_ID_NOT_FOUND
// (69). Deleting drops the group's committed offsets and turns it Dead; the reply waits for the
// store's delete so a deleted group does not come back after a restart.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from './types.js';

export async function deleteGroups(ctx: GroupContext, req: DeleteGroupsRequest, _version: number): Promise<DeleteGroupsResponse> {
  const results = req.groupsNames.map((groupId) => ({ groupId, errorCode: deleteOne(ctx, groupId) }));
  await Promise.all(
    results.map(async (r) => {
      if (r.errorCode !== ErrorCode.NONE) return;
      try {
        await ctx.offsets.delete(r.groupId);
      } catch {
        r.errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
      }
    }),
  );
  return { throttleTimeMs: 0, results };
}

function deleteOne(ctx: GroupContext, groupId: string): number {
  if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
  const group = ctx.group(groupId);
  if (group && group.state !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
  if (!group && ctx.offsets.list(groupId).length === 0) return ErrorCode.GROUP_ID_NOT_FOUND;
  if (group) ctx.dropGroup(groupId);
  return ErrorCode.NONE;
}
