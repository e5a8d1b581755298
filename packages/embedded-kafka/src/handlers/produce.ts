// Produce (key 0), v3–v7. Behaviour (as Apache Kafka's broker):
// - acks must be -1, 0 or 1, else INVALID_REQUIRED_ACKS (21) for every partition; on one node
//   -1 ≡ 1. acks=0 appends and answers nothing (kafkajs does not read a response).
// - Exactly one record batch per partition (Kafka's v3+ rule), validated before append: size vs
//   max.message.bytes, magic 2, length and CRC-32C, no control batches, offset deltas, keys on
//   compacted topics (INVALID_RECORD — non-retriable in kafkajs, so a keyless write fails fast).
// - Idempotence (duplicate → original base offset, gap → 45, stale epoch → 47) is the partition
//   log's job; this module only reports its answer.
// - v5+ responses carry log_start_offset; log_append_time_ms is -1 unless LogAppendTime.
import { ErrorCode } from '../protocol/errors.js';
import { splitBatches } from '../records/layout.js';
import { validateProducedBatch } from '../records/validate.js';
import type { Body, Handler, RequestContext } from './types.js';

interface ProduceRequest {
  acks: number;
  topicData: { name: string; partitionData: { index: number; records: Buffer | null }[] }[];
}

interface PartitionResponse { index: number; errorCode: number; baseOffset: number; logAppendTimeMs: number; logStartOffset: number; errorMessage?: string | null }

const failed = (index: number, errorCode: number): PartitionResponse =>
  ({ index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 });

function producePartition(ctx: RequestContext, topicName: string, index: number, records: Buffer | null): PartitionResponse {
  const topic = ctx.cluster.topic(topicName);
  const log = topic?.logs[index];
  if (!topic || !log) return failed(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const batches = records ? splitBatches(records) : [];
  const batch = batches[0];
  if (!batch || batches.length !== 1) return failed(index, ErrorCode.INVALID_RECORD);
  const checked = validateProducedBatch(batch, { compacted: ctx.cluster.isCompacted(topic), maxMessageBytes: ctx.cluster.maxMessageBytes(topic) });
  if (!checked.ok) return { ...failed(index, checked.errorCode), errorMessage: checked.message };
  const result = ctx.cluster.append(topic, index, batch);
  if (result.errorCode !== ErrorCode.NONE || !('baseOffset' in result)) {
    return { ...failed(index, result.errorCode), errorMessage: 'message' in result ? result.message : null };
  }
  if (!result.duplicate) ctx.metrics.appended(topicName, batch.length, checked.header.recordsCount);
  return { index, errorCode: ErrorCode.NONE, baseOffset: result.baseOffset, logAppendTimeMs: result.logAppendTime, logStartOffset: log.logStartOffset };
}

function respond(req: ProduceRequest, partition: (topic: string, index: number, records: Buffer | null) => PartitionResponse): Body {
  return {
    responses: req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) => partition(t.name, p.index, p.records)),
    })),
    throttleTimeMs: 0,
  };
}

export const produce: Handler = {
  apiKey: 0,
  handle(ctx, body) {
    const req = body as unknown as ProduceRequest;
    if (req.acks !== -1 && req.acks !== 0 && req.acks !== 1) {
      return respond(req, (_t, index) => failed(index, ErrorCode.INVALID_REQUIRED_ACKS));
    }
    const response = respond(req, (t, index, records) => producePartition(ctx, t, index, records));
    return req.acks === 0 ? null : response;
  },
  fail(body, _version, errorCode) {
    return respond(body as unknown as ProduceRequest, (_t, index) => failed(index, errorCode));
  },
};
