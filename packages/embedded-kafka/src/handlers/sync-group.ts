// SyncGroup (key 14), v0–v3 (v1 throttle; v3 group_instance_id). Delegates to groups/: followers
// are held until the leader's SyncGroup delivers assignments; each member receives the bytes the
// leader gave it (empty bytes = nothing assigned); during a rebalance → REBALANCE_IN_PROGRESS.
import type { SyncGroupRequest } from '../groups/types.js';
import { syncGroup as syncGroupApi } from '../protocol/apis/sync-group.js';
import { handlerFor } from './types.js';

export const syncGroup = handlerFor(syncGroupApi, {
  async handle(ctx, body, version) {
    return (await ctx.groups.syncGroup(body, version));
  },
  fail(_body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
  },
});
