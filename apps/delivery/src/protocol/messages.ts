// The delivery protocol, version 1: the JSON text frames a device receives and sends. Server
// messages are serialized here once per change and shared by every socket that gets them; a feed
// is embedded as the exact JSON the recommender produced (fields this node does not know are
// forwarded untouched). apps/delivery/README.md documents each message with an example.
//
// Server -> client: snapshot (first message on every socket; also the body of GET /v1/feed),
// feed (a new full feed), remove (one card of the current feed was taken down), ping, refreshed,
// error (sent just before a close with an application code).
// Client -> server: pong (answer to ping), refresh (a fresh token for the open socket).

export const PROTOCOL_VERSION = 1;

/** The state a change leaves the user in: the feed (raw JSON) and its cards taken down since. */
export interface UserState {
  readonly offset: string;
  readonly feedId: string;
  readonly feedJson: string;
  readonly removed: readonly string[];
  /** The feed's card contentIds, in order (not sent: the feed carries them). */
  readonly cards: readonly string[];
}

export interface SnapshotFields {
  readonly node: string;
  readonly heartbeatMs: number;
  readonly tokenExpiresAt: number | null;
  /** true: the client's lastOffset was recognized and only what it missed follows. */
  readonly resumed: boolean;
  /** The client's state after this message: its lastOffset when resumed, else the current one. */
  readonly offset: string | null;
  /** Present when not resumed: the full state to replace the client's (null = no feed yet). */
  readonly state?: UserState | null;
}

export function snapshotMessage(s: SnapshotFields): string {
  const head = `{"v":1,"type":"snapshot","node":${JSON.stringify(s.node)},"heartbeatMs":${s.heartbeatMs},"tokenExpiresAt":${s.tokenExpiresAt ?? 'null'},"resumed":${s.resumed},"offset":${JSON.stringify(s.offset)}`;
  if (s.state === undefined) return `${head}}`;
  if (s.state === null) return `${head},"removed":[],"feed":null}`;
  return `${head},"removed":${JSON.stringify(s.state.removed)},"feed":${s.state.feedJson}}`;
}

export function feedMessage(state: UserState): string {
  return `{"v":1,"type":"feed","offset":${JSON.stringify(state.offset)},"removed":${JSON.stringify(state.removed)},"feed":${state.feedJson}}`;
}

export function removeMessage(offset: string, feedId: string, contentId: string): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, type: 'remove', offset, feedId, contentId });
}

export const PING_MESSAGE = '{"v":1,"type":"ping"}';

export function refreshedMessage(tokenExpiresAt: number): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, type: 'refreshed', tokenExpiresAt });
}

export function errorMessage(code: string, message: string): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, type: 'error', code, message });
}

export type ClientMessage = { readonly type: 'pong' } | { readonly type: 'refresh'; readonly token: string };

export type ParsedClientMessage =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly reason: 'bad_frame' | 'unknown_message'; readonly detail: string };

/** Parses one client frame; binary frames and anything not in the protocol are refused. */
export function parseClientMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ParsedClientMessage {
  if (isBinary) return { ok: false, reason: 'bad_frame', detail: 'binary frames are not part of the protocol; send JSON text' };
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'bad_frame', detail: 'the frame is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'unknown_message', detail: 'a message is a JSON object' };
  const m = value as Record<string, unknown>;
  if (m.v !== PROTOCOL_VERSION) return { ok: false, reason: 'unknown_message', detail: `unsupported protocol version ${JSON.stringify(m.v)}; this server speaks v:1` };
  if (m.type === 'pong') return { ok: true, message: { type: 'pong' } };
  if (m.type === 'refresh') {
    if (typeof m.token !== 'string' || m.token.length === 0) return { ok: false, reason: 'unknown_message', detail: 'refresh needs a token' };
    return { ok: true, message: { type: 'refresh', token: m.token } };
  }
  return { ok: false, reason: 'unknown_message', detail: `unknown message type ${JSON.stringify(m.type)}` };
}
