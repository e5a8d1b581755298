// DeleteRecords (key 21), v0–v1. Moves a partition's log start offset: offset -1 means "up to the
// high watermark", an offset beyond the HWM is OFFSET_OUT_OF_RANGE, an offset below the current log
// start is a no-op. Answers the resulting low_watermark (kafkajs deleteTopicRecords reads it).
import { ErrorCode } from '../protocol/errors.js';
import { deleteRecords as deleteRecordsApi } from '../protocol/apis/delete-records.js';
import type { DecodedRequestOf, ReplyOf } from '../protocol/schema.js';
import { handlerFor } from './types.js';

type DeleteRecordsRequest = DecodedRequestOf<typeof deleteRecordsApi>;
type PartitionResult = NonNullable<NonNullable<ReplyOf<typeof deleteRecordsApi>['topics']>[number]['partitions']>[number];

function respond(req: DeleteRecordsRequest, answer: (topic: string, p: { partitionIndex: number; offset: number }) => PartitionResult): ReplyOf<typeof deleteRecordsApi> {
  return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => answer(t.name, p)) })) };
}

export const deleteRecords = handlerFor(deleteRecordsApi, {
  handle(ctx, body) {
    return respond(body, (topic, p) => {
      const log = ctx.cluster.log(topic, p.partitionIndex);
      if (!log) return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      const r = log.deleteRecords(p.offset);
      return 'lowWatermark' in r
        ? { partitionIndex: p.partitionIndex, lowWatermark: r.lowWatermark, errorCode: ErrorCode.NONE }
        : { partitionIndex: p.partitionIndex, lowWatermark: log.logStartOffset, errorCode: r.errorCode };
    });
  },
  fail(body, _version, errorCode) {
    return respond(body, (_t, p) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode }));
  },
});
