// CreateTopics (key 19), v0–v3 (v1 validate_only + error_message; v2 throttle; v3 = v2).
// num_partitions / replication_factor -1 mean "broker default" (kafkajs sends -1 even at v3).
// RF > 1 is accepted and stored as one copy (production provisioning asks for 3), unless the broker
// runs in strict mode (INVALID_REPLICATION_FACTOR). Explicit replica assignments are refused: one
// node has nothing to assign. Errors per topic: TOPIC_ALREADY_EXISTS (kafkajs then returns
// false), INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG, INVALID_TOPIC_EXCEPTION.
import { ErrorCode } from '../protocol/errors.js';
import type { Body, Handler } from './types.js';

interface CreateTopicsRequest {
  validateOnly?: boolean;
  topics: { name: string; numPartitions: number; replicationFactor: number;
    assignments: unknown[]; configs: { name: string; value: string | null }[] }[];
}

export const createTopics: Handler = {
  apiKey: 19,
  async handle(ctx, body) {
    const req = body as unknown as CreateTopicsRequest;
    const seen = new Set<string>();
    const topics: Body[] = [];
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
      const r = await ctx.cluster.createTopic({ ...t, validateOnly: req.validateOnly ?? false });
      topics.push({ name: t.name, errorCode: r.errorCode, errorMessage: r.errorMessage });
    }
    return { throttleTimeMs: 0, topics };
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as CreateTopicsRequest;
    return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: 'injected fault' })) };
  },
};
