// ListGroups (key 16), v0–v2 (v1 throttle; v2 = v1): every group the coordinator knows, with its
// protocol type ("consumer" for kafkajs and librdkafka groups). Delegates to groups/.
import type { ListGroupsRequest } from '../groups/types.js';
import type { Body, Handler } from './types.js';

export const listGroups: Handler = {
  apiKey: 16,
  handle(ctx, body, version) {
    return ctx.groups.listGroups(body as unknown as ListGroupsRequest, version) as unknown as Body;
  },
  fail(_body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, groups: [] };
  },
};
