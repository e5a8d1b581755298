// DeleteGroups (key 42), v0–v1. Delegates to groups/: a group with members → NON_EMPTY_GROUP,
// unknown → GROUP_ID_NOT_FOUND; otherwise the group and its committed offsets are removed.
import type { DeleteGroupsRequest } from '../groups/types.js';
import type { Body, Handler } from './types.js';

export const deleteGroups: Handler = {
  apiKey: 42,
  async handle(ctx, body, version) {
    return (await ctx.groups.deleteGroups(body as unknown as DeleteGroupsRequest, version)) as unknown as Body;
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as DeleteGroupsRequest;
    return { throttleTimeMs: 0, results: req.groupsNames.map((groupId) => ({ groupId, errorCode })) };
  },
};
