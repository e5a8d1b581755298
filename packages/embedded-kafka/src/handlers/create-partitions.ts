// CreatePartitions (key 37), v0–v1 (identical schemas). Grows a topic to `count` partitions;
// count ≤ current → INVALID_PARTITIONS; unknown topic → UNKNOWN_TOPIC_OR_PARTITION; explicit
// assignments are refused. Always one result per requested topic (Tansu once returned none).
import { ErrorCode } from '../protocol/errors.js';
import { createPartitions as createPartitionsApi } from '../protocol/apis/create-partitions.js';
import type { DecodedRequestOf, ReplyOf } from '../protocol/schema.js';
import { handlerFor } from './types.js';

type Result = NonNullable<ReplyOf<typeof createPartitionsApi>['results']>[number];

export const createPartitions = handlerFor(createPartitionsApi, {
  async handle(ctx, body) {
        const results: Result[] = [];
    for (const t of body.topics) {
      if (t.assignments && t.assignments.length > 0) {
        results.push({ name: t.name, errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'Manual replica assignment is not supported by the embedded broker' });
        continue;
      }
      const r = await ctx.cluster.createPartitions(t.name, t.count, body.validateOnly);
      results.push({ name: t.name, errorCode: r.errorCode, errorMessage: r.errorMessage });
    }
    return { throttleTimeMs: 0, results };
  },
  fail(body, _version, errorCode) {
        return { throttleTimeMs: 0, results: body.topics.map((t) => ({ name: t.name, errorCode, errorMessage: 'injected fault' })) };
  },
});
