// ListGroups (key 16), v0–v2 (v1 throttle; v2 = v1): every group the coordinator knows, with its
// protocol type ("consumer" for kafkajs and librdkafka groups). Delegates to groups/.
import type { ListGroupsRequest } from '../groups/types.js';
import { listGroups as listGroupsApi } from '../protocol/apis/list-groups.js';
import { handlerFor } from './types.js';

export const listGroups = handlerFor(listGroupsApi, {
  handle(ctx, body, version) {
    return ctx.groups.listGroups(body, version);
  },
  fail(_body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, groups: [] };
  },
});
