// FindCoordinator (key 10), v0–v2 (v1 adds key_type, throttle and error_message; v2 = v1).
// The single node coordinates every group, so the answer is always this broker at the exact
// host:port the client dialled. Transactions are not advertised: key_type 1 → COORDINATOR_NOT_AVAILABLE.
import { ErrorCode } from '../protocol/errors.js';
import { NODE_ID } from '../cluster.js';
import { findCoordinator as findCoordinatorApi } from '../protocol/apis/find-coordinator.js';
import { handlerFor } from './types.js';

const GROUP = 0;

export const findCoordinator = handlerFor(findCoordinatorApi, {
  handle(ctx, body) {
    const keyType = typeof body.keyType === 'number' ? body.keyType : GROUP;
    if (keyType !== GROUP) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: 'transactions are not supported', nodeId: -1, host: '', port: -1 };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, nodeId: NODE_ID, host: ctx.listener.host, port: ctx.listener.port };
  },
  fail(_body, _version, errorCode) {
    return { throttleTimeMs: 0, errorCode, errorMessage: 'injected fault', nodeId: -1, host: '', port: -1 };
  },
});
