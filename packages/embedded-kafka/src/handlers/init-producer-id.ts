// InitProducerId (key 22), v0–v1 (identical schemas). Idempotent, non-transactional producers
// only: transactional_id = null → a fresh producer id (durable counter, never reused across
// restarts) with epoch 0. A transactional id is refused: transactions are not advertised, so no
// client should get here with one.
import { ErrorCode } from '../protocol/errors.js';
import { initProducerId as initProducerIdApi } from '../protocol/apis/init-producer-id.js';
import { handlerFor } from './types.js';

export const initProducerId = handlerFor(initProducerIdApi, {
  async handle(ctx, body) {
    if (body.transactionalId !== null && body.transactionalId !== undefined) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId: await ctx.cluster.allocateProducerId(), producerEpoch: 0 };
  },
  fail(_body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 };
  },
});
