// DeleteGroups (key 42), v0–v1. Delegates to groups/: a group with members → NON_EMPTY_GROUP,
// unknown → GROUP_ID_NOT_FOUND; otherwise the group and its committed offsets are removed.
import type { DeleteGroupsRequest } from '../groups/types.js';
import { deleteGroups as deleteGroupsApi } from '../protocol/apis/delete-groups.js';
import { handlerFor } from './types.js';

export const deleteGroups = handlerFor(deleteGroupsApi, {
  async handle(ctx, body, version) {
    return (await ctx.groups.deleteGroups(body, version));
  },
  fail(req, _version, errorCode) {
    return { throttleTimeMs: 0, results: req.groupsNames.map((groupId) => ({ groupId, errorCode })) };
  },
});
