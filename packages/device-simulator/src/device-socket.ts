// One phone's socket to delivery, speaking protocol v1 (apps/delivery/README.md) the way a device
// must: the device JWT in the Authorization header, `lastOffset` on every reconnect so it resumes
// with no gap and no duplicate, a pong for every ping, and the close code's range deciding what
// to do (4000-4099 and network loss: reconnect with backoff; 4100-4199: a fresh token first;
// 4500-4999 and 1009: give up, a client bug). Frames are applied to the device's state (the
// current feed and the cards removed from it) and handed to the listener with the time they
// arrived.
import WebSocket from 'ws';
import type { Feed } from '@tessera/contracts/schemas/feed';

export interface SocketListener {
  /** A snapshot or feed frame replaced the state (`feed` null: the user has no feed yet). */
  onFeed(feed: Feed | null, arrivedAt: number, frameType: 'snapshot' | 'feed'): void;
  /** A card of the current feed was taken down. */
  onRemove(feedId: string, contentId: string, arrivedAt: number): void;
  /** The socket gave up for good (a close code that says not to reconnect). */
  onGiveUp?(code: number, reason: string): void;
}

export interface DeviceSocketOptions {
  /** ws://host:port/v1/socket */
  readonly url: string;
  readonly token: () => Promise<string>;
  readonly listener: SocketListener;
  /** Backoff bounds (default 500 ms .. 20 s, as the protocol asks). */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface DeviceSocket {
  /** Resolves once the first snapshot arrived. */
  readonly ready: Promise<void>;
  readonly state: { readonly offset: string | undefined; readonly feed: Feed | null; readonly removed: ReadonlySet<string> };
  isOpen(): boolean;
  close(): Promise<void>;
}

interface Frame {
  readonly type?: string;
  readonly offset?: string;
  readonly resumed?: boolean;
  readonly feed?: Feed | null;
  readonly removed?: readonly string[];
  readonly feedId?: string;
  readonly contentId?: string;
}

export function openDeviceSocket(options: DeviceSocketOptions): DeviceSocket {
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 20_000;
  let offset: string | undefined;
  let feed: Feed | null = null;
  let removed = new Set<string>();
  let socket: WebSocket | undefined;
  let closed = false;
  let attempts = 0;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => { markReady = resolve; });

  const connect = async () => {
    if (closed) return;
    let token: string;
    try {
      token = await options.token();
    } catch {
      return schedule();
    }
    if (closed) return;
    const url = offset ? `${options.url}?lastOffset=${encodeURIComponent(offset)}` : options.url;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
    socket = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const arrivedAt = Date.now();
      const frame = JSON.parse(data.toString()) as Frame;
      switch (frame.type) {
        case 'ping':
          ws.send('{"v":1,"type":"pong"}');
          return;
        case 'snapshot':
          attempts = 0;
          offset = frame.offset;
          if (!frame.resumed) {
            feed = frame.feed ?? null;
            removed = new Set(frame.removed ?? []);
            options.listener.onFeed(feed, arrivedAt, 'snapshot');
          }
          markReady();
          return;
        case 'feed':
          offset = frame.offset;
          feed = frame.feed ?? null;
          removed = new Set(frame.removed ?? []);
          options.listener.onFeed(feed, arrivedAt, 'feed');
          return;
        case 'remove':
          offset = frame.offset;
          if (frame.feedId !== undefined && frame.feedId === feed?.feedId && frame.contentId) {
            removed.add(frame.contentId);
            options.listener.onRemove(frame.feedId, frame.contentId, arrivedAt);
          }
          return;
        default:
          return; // refreshed, error, and types a later version adds
      }
    });
    ws.on('error', () => { /* the close that follows decides */ });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
    });
    ws.on('close', (code, reason) => {
      socket = undefined;
      if (closed) return;
      if ((code >= 4500 && code <= 4999) || code === 1009) {
        closed = true;
        options.listener.onGiveUp?.(code, reason.toString());
        return;
      }
      schedule();
    });
  };

  const schedule = () => {
    if (closed) return;
    const base = Math.min(maxBackoff, minBackoff * 2 ** attempts);
    attempts += 1;
    retry = setTimeout(() => void connect(), base * (0.5 + Math.random()));
  };

  void connect();
  return {
    ready,
    get state() { return { offset, feed, removed }; },
    isOpen: () => socket?.readyState === WebSocket.OPEN,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000);
        // A server that never answers the close handshake does not hold the device up.
        setTimeout(() => { ws.terminate(); resolve(); }, 2_000).unref();
      });
    },
  };
}
