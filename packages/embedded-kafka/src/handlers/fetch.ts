// Fetch (key 1), v4–v11. Behaviour (as Apache Kafka's broker answers it):
// - Long poll: answer once min_bytes are available across the requested partitions or max_wait_ms
//   has passed; appends wake the wait (cluster.waiters). An error on any partition answers at once.
// - Each partition returns whole batches starting with the batch that CONTAINS fetch_offset (the
//   client drops the records below it); never skip that batch, never cut the first one (KIP-74:
//   the first batch is returned even when larger than partition_max_bytes / max_bytes).
// - fetch_offset < log start or > high watermark → OFFSET_OUT_OF_RANGE with high_watermark and
//   log_start_offset -1, as Apache Kafka 4.4.0 answers (test/conformance; the client finds the bounds
//   with ListOffsets when it resets); == HWM → no records.
// - No replication, no transactions: last_stable_offset = HWM, preferred_read_replica = -1
//   (librdkafka would otherwise dial that "replica"). No KIP-227 fetch sessions: session_id 0 (both
//   clients send 0/-1 anyway).
// - Null vs empty: `records` is never null, at any version. An error partition (OFFSET_OUT_OF_RANGE,
//   unknown topic or partition, an injected fault) carries EMPTY records, as every error out of
//   Kafka's log read does (ReplicaManager.readFromLog): librdkafka (2.0.2 and still today) treats a
//   MessageSetSize of -1 as a parse failure and refetches in a tight loop instead of resetting its
//   offset. (Kafka's own early check for a topic missing from its metadata cache leaves records
//   null; we do not copy that.) Otherwise like Kafka: error partitions answer last_stable_offset -1
//   and null aborted_transactions and high_watermark / log_start_offset -1;
//   aborted_transactions is [] for read_committed and null for read_uncommitted.
import { ErrorCode } from '../protocol/errors.js';
import { partitionKey } from '../fetch-waiters.js';
import { readBatchHeader, splitBatches } from '../records/layout.js';
import { fetch as fetchApi } from '../protocol/apis/fetch.js';
import type { DecodedRequestOf, ResponseOf } from '../protocol/schema.js';
import type { Body, RequestContext } from './types.js';
import { handlerFor } from './types.js';

type FetchRequest = DecodedRequestOf<typeof fetchApi>;
type PartitionData = ResponseOf<typeof fetchApi>['responses'][number]['partitions'][number];

const READ_COMMITTED = 1;
const NO_RECORDS = Buffer.alloc(0);

/** An error partition: empty (never null) records, no aborted-transaction list, offsets unknown. */
const errorPartition = (partitionIndex: number, errorCode: number): PartitionData => ({
  partitionIndex, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
  abortedTransactions: null, preferredReadReplica: -1, records: NO_RECORDS,
});

interface Gathered { body: Body; bytes: number; errors: boolean; perTopic: Map<string, Buffer[]> }

function gather(ctx: RequestContext, req: FetchRequest): Gathered {
  let bytes = 0;
  let errors = false;
  const perTopic = new Map<string, Buffer[]>();
  const budget = req.maxBytes ?? 0x7fffffff;
  const aborted = req.isolationLevel === READ_COMMITTED ? [] : null;
  const responses = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p): PartitionData => {
      const log = ctx.cluster.log(t.topic, p.partition);
      if (!log) { errors = true; return errorPartition(p.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION); }
      const hwm = log.highWatermark;
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > hwm) {
        errors = true;
        return errorPartition(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE);
      }
      const base: PartitionData = {
        partitionIndex: p.partition, errorCode: ErrorCode.NONE, highWatermark: hwm, lastStableOffset: hwm,
        logStartOffset: log.logStartOffset, abortedTransactions: aborted, preferredReadReplica: -1, records: NO_RECORDS,
      };
      // Once the response budget is spent, later partitions answer empty (the client asks again).
      if (p.fetchOffset === hwm || (bytes > 0 && bytes >= budget)) return base;
      const limit = bytes === 0 ? Math.min(p.partitionMaxBytes, budget) : Math.min(p.partitionMaxBytes, budget - bytes);
      const records = log.read(p.fetchOffset, Math.max(1, limit));
      bytes += records.length;
      if (records.length > 0) perTopic.set(t.topic, [...(perTopic.get(t.topic) ?? []), records]);
      return { ...base, records };
    }),
  }));
  return { body: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses }, bytes, errors, perTopic };
}

function countOut(ctx: RequestContext, perTopic: Map<string, Buffer[]>): void {
  for (const [topic, chunks] of perTopic) {
    let bytes = 0;
    let records = 0;
    for (const chunk of chunks) {
      bytes += chunk.length;
      for (const b of splitBatches(chunk)) records += readBatchHeader(b).recordsCount;
    }
    ctx.metrics.fetched(topic, bytes, records);
  }
}

export const fetch = handlerFor(fetchApi, {
  async handle(ctx, req) {
    const deadline = Date.now() + Math.max(0, req.maxWaitMs);
    const keys = req.topics.flatMap((t) => t.partitions.map((p) => partitionKey(t.topic, p.partition)));
    let got = gather(ctx, req);
    while (!got.errors && got.bytes < req.minBytes && Date.now() < deadline && !ctx.cluster.closed) {
      await ctx.cluster.waiters.wait(keys, deadline - Date.now());
      got = gather(ctx, req);
    }
    countOut(ctx, got.perTopic);
    return got.body;
  },
  fail(req, _version, errorCode) {
    return {
      throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0,
      responses: req.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => errorPartition(p.partition, errorCode)) })),
    };
  },
});
