// DeleteTopics (key 20), v0–v1 (v1 adds throttle). Per-topic error codes: unknown topic →
// UNKNOWN_TOPIC_OR_PARTITION. Deleting drops the partition logs, their producer state and every
// group's committed offsets for the topic (cluster.deleteTopic).
import { deleteTopics as deleteTopicsApi } from '../protocol/apis/delete-topics.js';
import { handlerFor } from './types.js';

export const deleteTopics = handlerFor(deleteTopicsApi, {
  async handle(ctx, body) {
    const names = body.topicNames as string[];
    const responses = [];
    for (const name of names) responses.push({ name, errorCode: await ctx.cluster.deleteTopic(name) });
    return { throttleTimeMs: 0, responses };
  },
  fail(body, _version, errorCode) {
    return { throttleTimeMs: 0, responses: (body.topicNames as string[]).map((name) => ({ name, errorCode })) };
  },
});
