// ListOffsets (key 2), v1–v3 (v2 adds isolation_level and throttle; v3 = v2). Behaviour (as Apache Kafka's broker):
// timestamp -1 → high watermark (= last stable offset: no transactions here), -2 → log start
// offset, ts ≥ 0 → the first record whose timestamp is ≥ ts (offset -1 / timestamp -1 if none).
// v1+ answers one (timestamp, offset) pair per partition; -1/-2 answer timestamp -1.
import { ErrorCode } from '../protocol/errors.js';
import type { Body, Handler } from './types.js';

interface ListOffsetsRequest {
  topics: { name: string; partitions: { partitionIndex: number; timestamp: number }[] }[];
}

const LATEST = -1;
const EARLIEST = -2;

function respond(req: ListOffsetsRequest, answer: (topic: string, p: { partitionIndex: number; timestamp: number }) => Body): Body {
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => answer(t.name, p)) })),
  };
}

export const listOffsets: Handler = {
  apiKey: 2,
  handle(ctx, body) {
    return respond(body as unknown as ListOffsetsRequest, (topic, p) => {
      const log = ctx.cluster.log(topic, p.partitionIndex);
      const base = { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, timestamp: -1, offset: -1, leaderEpoch: 0 };
      if (!log) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      if (p.timestamp === LATEST) return { ...base, offset: log.highWatermark };
      if (p.timestamp === EARLIEST) return { ...base, offset: log.logStartOffset };
      const found = log.offsetForTimestamp(p.timestamp);
      return found ? { ...base, offset: found.offset, timestamp: found.timestamp } : base;
    });
  },
  fail(body, _version, errorCode) {
    return respond(body as unknown as ListOffsetsRequest, (_t, p) =>
      ({ partitionIndex: p.partitionIndex, errorCode, timestamp: -1, offset: -1, leaderEpoch: -1 }));
  },
};
