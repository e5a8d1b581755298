// CreateTopics (key 19), v0–v3 (v1 validate_only + error_message; v2 throttle; v3 = v2).
// num_partitions / replication_factor -1 mean "broker default" (kafkajs sends -1 even at v3).
// RF > 1 is accepted and stored as one copy (production provisioning asks for 3), unless the broker
// runs in strict mode (INVALID_REPLICATION_FACTOR). Explicit replica assignments are refused: one
// node has nothing to assign. Errors per topic: TOPIC_ALREADY_EXISTS (kafkajs then returns
// false), INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, INVALID_TOPIC_EXCEPTION.
import { ErrorCode } from '../protocol/errors.js';
import type { ReplyOf } from '../protocol/schema.js';
import { createTopics as createTopicsApi } from '../protocol/apis/create-topics.js';
import { handlerFor } from './types.js';

type TopicResult = NonNullable<ReplyOf<typeof createTopicsApi>['topics']>[number];

export const createTopics = handlerFor(createTopicsApi, {
  async handle(ctx, req) {
    const seen = new Set<string>();
    const topics: TopicResult[] = [];
    for (const t of req.topics) {
      if (seen.has(t.name)) {
        topics.push({ name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate topic in request' });
        continue;
      }
      seen.add(t.name);
      if (t.assignments.length > 0) {
        topics.push({ name: t.name, errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'Manual replica assignment is not supported by the embedded broker' });
        continue;
      }
      const r = await ctx.cluster.createTopic({ ...t, validateOnly: req.validateOnly });
      topics.push({ name: t.name, errorCode: r.errorCode, errorMessage: r.errorMessage });
    }
    return { throttleTimeMs: 0, topics };
  },
  fail(req, _version, errorCode) {
    return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: 'injected fault' })) };
  },
});
