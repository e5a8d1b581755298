// CreatePartitions (key 37), v0–v1 (identical schemas). Grows a topic to `count` partitions;
// count ≤ current → INVALID_PARTITIONS; unknown topic → UNKNOWN_TOPIC_OR_PARTITION; explicit
// assignments are refused. Always one result per requested topic (Tansu once returned none).
import { ErrorCode } from '../protocol/errors.js';
import type { Body, Handler } from './types.js';

interface CreatePartitionsRequest { validateOnly: boolean; topics: { name: string; count: number; assignments: unknown[] | null }[] }

export const createPartitions: Handler = {
  apiKey: 37,
  async handle(ctx, body) {
    const req = body as unknown as CreatePartitionsRequest;
    const results: Body[] = [];
    for (const t of req.topics) {
      if (t.assignments && t.assignments.length > 0) {
        results.push({ name: t.name, errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'Manual replica assignment is not supported by the embedded broker' });
        continue;
      }
      const r = await ctx.cluster.createPartitions(t.name, t.count, req.validateOnly);
      results.push({ name: t.name, errorCode: r.errorCode, errorMessage: r.errorMessage });
    }
    return { throttleTimeMs: 0, results };
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as CreatePartitionsRequest;
    return { throttleTimeMs: 0, results: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: 'injected fault' })) };
  },
};
