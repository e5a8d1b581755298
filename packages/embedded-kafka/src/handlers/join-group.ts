// JoinGroup (key 11), v0–v5. The classic-protocol state machine lives in groups/; this module only
// passes the decoded request and who sent it. Behaviour the coordinator implements (the classic group protocol):
// held until every known member rejoined or the rebalance timeout fired; v4+ first join with an
// empty member id → MEMBER_ID_REQUIRED plus a generated id (KIP-394); session timeout outside
// [min, max] → INVALID_SESSION_TIMEOUT (the broker's min is configurable for fast tests);
// mismatched protocols → INCONSISTENT_GROUP_PROTOCOL. v5 adds group_instance_id (accepted, dynamic).
import type { JoinGroupRequest } from '../groups/types.js';
import type { Body, Handler } from './types.js';

export const joinGroup: Handler = {
  apiKey: 11,
  async handle(ctx, body, version) {
    const res = await ctx.groups.joinGroup(body as unknown as JoinGroupRequest, version, { clientId: ctx.clientId, clientHost: ctx.clientHost });
    return res as unknown as Body;
  },
  fail(body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, generationId: -1, protocolType: null, protocolName: '', leader: '', memberId: String(body.memberId ?? ''), members: [] };
  },
};
