// WebSocket close codes with fixed meanings: the contract that tells a device what to do after a
// close. Ranges decide the client's action, so a client that meets a code it does not know still
// acts right: 4000-4099 reconnect (and resume), 4100-4199 get a fresh token first, 4500-4999 do
// not reconnect (a client bug; reconnecting would repeat it). These numbers never change meaning;
// a new reason gets a new number in its range.

export type CloseAction = 'reconnect' | 'refresh_token' | 'do_not_reconnect';

export interface CloseCode {
  readonly code: number;
  readonly action: CloseAction;
  readonly meaning: string;
}

export const CLOSE = {
  draining: { code: 4000, action: 'reconnect', meaning: 'this node is shutting down; reconnect now (0-2 s random delay) and resume, another node takes over' },
  no_pong: { code: 4001, action: 'reconnect', meaning: 'no pong before the next ping; reconnect with backoff and resume' },
  slow_client: { code: 4002, action: 'reconnect', meaning: 'the client stayed over the per-socket buffer cap; reconnect with backoff and resume' },
  server_error: { code: 4003, action: 'reconnect', meaning: 'the node failed to serve this socket (e.g. Redis unavailable); reconnect with backoff and resume' },
  token_expired: { code: 4100, action: 'refresh_token', meaning: 'the token expired on the open socket; get a fresh token, then reconnect and resume' },
  bad_frame: { code: 4500, action: 'do_not_reconnect', meaning: 'a client frame was binary or not JSON' },
  unknown_message: { code: 4501, action: 'do_not_reconnect', meaning: 'a client message had an unknown version or type, or missing fields' },
  forbidden: { code: 4502, action: 'do_not_reconnect', meaning: 'a refresh token named another user or device, or was invalid' },
} as const satisfies Record<string, CloseCode>;

export type CloseReason = keyof typeof CLOSE;

/** What `ws` itself closes with when a frame exceeds maxPayload (RFC 6455 "message too big"). */
export const MESSAGE_TOO_BIG = 1009;

/** What a client should do on any close code, including ones it does not know. */
export function actionFor(code: number): CloseAction {
  if (code === MESSAGE_TOO_BIG || (code >= 4500 && code <= 4999)) return 'do_not_reconnect';
  if (code >= 4100 && code <= 4199) return 'refresh_token';
  return 'reconnect';
}
