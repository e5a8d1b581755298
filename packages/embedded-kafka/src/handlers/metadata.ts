// Metadata (key 3), v0–v6. Behaviour (as Apache Kafka's broker, one node):
// - One broker, node 1, advertised with the exact host:port this connection dialled, and named as
//   controller_id: kafkajs sends CreateTopics/DeleteTopics/InitProducerId to the controller and
//   fails with "Broker 0 not found" when the controller is not in the broker list.
// - topics = null (v1+) → all topics; v0 with an empty list also means all.
// - Unknown topic → UNKNOWN_TOPIC_OR_PARTITION, unless auto-creation is on (broker option) and the
//   request allows it (v4+ flag; always allowed before v4), then it is created with the defaults.
// - Partitions: leader = replicas = isr = [self], offline = [], leader_epoch 0.
// - cluster_id (v2+): the data directory's own id (random for an in-memory broker), so clients can
//   tell a fresh broker (deleted data) from the one whose offsets they remember.
import { ErrorCode } from '../protocol/errors.js';
import { NODE_ID } from '../cluster.js';
import { topicNameProblem } from '../topic-names.js';
import type { Body, Handler, RequestContext } from './types.js';

interface MetadataRequest { topics: { name: string }[] | null; allowAutoTopicCreation?: boolean }

function topicEntry(ctx: RequestContext, name: string): Body {
  const topic = ctx.cluster.topic(name);
  if (!topic) {
    const errorCode = topicNameProblem(name) ? ErrorCode.INVALID_TOPIC_EXCEPTION : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    return { errorCode, name, isInternal: false, partitions: [] };
  }
  return {
    errorCode: ErrorCode.NONE, name, isInternal: false,
    partitions: topic.logs.map((_log, partitionIndex) => ({
      errorCode: ErrorCode.NONE, partitionIndex, leaderId: NODE_ID, leaderEpoch: 0,
      replicaNodes: [NODE_ID], isrNodes: [NODE_ID], offlineReplicas: [],
    })),
  };
}

function frame(ctx: RequestContext, topics: Body[]): Body {
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId: NODE_ID, host: ctx.listener.host, port: ctx.listener.port, rack: null }],
    clusterId: ctx.cluster.clusterId,
    controllerId: NODE_ID,
    topics,
  };
}

export const metadata: Handler = {
  apiKey: 3,
  async handle(ctx, body, version) {
    const req = body as unknown as MetadataRequest;
    const all = req.topics === null || (version === 0 && req.topics.length === 0);
    const names = all ? ctx.cluster.topics().map((t) => t.name) : (req.topics ?? []).map((t) => t.name);
    const mayCreate = ctx.cluster.autoCreateTopics && (version < 4 || req.allowAutoTopicCreation !== false);
    if (!all && mayCreate) {
      for (const name of names) if (!ctx.cluster.topic(name) && !topicNameProblem(name)) await ctx.cluster.autoCreate(name);
    }
    return frame(ctx, names.map((name) => topicEntry(ctx, name)));
  },
  fail(body, _version, errorCode) {
    const req = body as unknown as MetadataRequest;
    const names = (req.topics ?? []).map((t) => t.name);
    return {
      throttleTimeMs: 0, brokers: [], clusterId: null, controllerId: -1,
      topics: names.map((name) => ({ errorCode, name, isInternal: false, partitions: [] })),
    };
  },
};
