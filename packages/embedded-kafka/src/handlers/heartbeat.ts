// Heartbeat (key 12), v0–v3 (v1 throttle; v3 group_instance_id). Delegates to groups/: resets the
// member's session timer; REBALANCE_IN_PROGRESS tells the member to rejoin, UNKNOWN_MEMBER_ID and
// ILLEGAL_GENERATION make it forget its membership (kafkajs and librdkafka both rejoin).
import type { HeartbeatRequest } from '../groups/types.js';
import { heartbeat as heartbeatApi } from '../protocol/apis/heartbeat.js';
import { handlerFor } from './types.js';

export const heartbeat = handlerFor(heartbeatApi, {
  handle(ctx, body, version) {
    return ctx.groups.heartbeat(body, version);
  },
  fail(_body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode };
  },
});
