// Node-to-node forwarding over Redis sharded pub/sub: a change consumed on node A for a user whose
// socket is on node B is published to B's channel n:{B}:feeds; B writes it to its sockets. The
// payload is one header line of JSON (user, offset, feedId, removed, cards) and then the feed JSON
// exactly as produced, so nothing is re-serialized and no field is lost on the way.
// Pub/sub is at most once: a message published while B's subscriber was reconnecting is gone,
// so on every re-subscription B calls onResubscribed (the node re-sends current state to sockets
// that are behind). The pushes stream stays the record a device can always resume from.
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { Logger } from '@tessera/platform/logger';
import type { Redis } from 'ioredis';
import { createUpdate } from './update.js';
import type { Update } from './update.js';

interface Header {
  readonly u: string;
  readonly o: string;
  readonly i: string;
  readonly r: readonly string[];
  readonly c: readonly string[];
}

export function encodeForward(update: Update): string {
  const s = update.state;
  const header: Header = { u: update.userId, o: s.offset, i: s.feedId, r: s.removed, c: s.cards };
  return `${JSON.stringify(header)}\n${s.feedJson}`;
}

export function decodeForward(payload: string): Update | undefined {
  const newline = payload.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const h = JSON.parse(payload.slice(0, newline)) as Header;
    if (typeof h.u !== 'string' || typeof h.o !== 'string' || typeof h.i !== 'string' || !Array.isArray(h.r) || !Array.isArray(h.c)) return undefined;
    return createUpdate(h.u, { offset: h.o, feedId: h.i, removed: h.r, cards: h.c, feedJson: payload.slice(newline + 1) }, 'feed');
  } catch {
    return undefined;
  }
}

export interface Forwarder {
  publish(nodeId: string, update: Update): Promise<void>;
  stop(): Promise<void>;
}

export interface ForwarderOptions {
  readonly redis: Redis;
  readonly nodeId: string;
  readonly onUpdate: (update: Update) => void;
  readonly onResubscribed: () => void;
  readonly logger: Logger;
}

export async function startForwarder(options: ForwarderOptions): Promise<Forwarder> {
  const { redis, nodeId, logger } = options;
  const channel = redisKeys.deliveryNodeChannel(nodeId);
  const subscriber = redis.duplicate({ enableAutoPipelining: false });
  let subscribedOnce = false;
  subscriber.on('smessage', (_channel: string, payload: string) => {
    const update = decodeForward(payload);
    if (update) options.onUpdate(update);
    else logger.warn({ channel }, 'dropping a malformed forward');
  });
  // ioredis re-subscribes by itself after a reconnect; 'ready' fires again then.
  subscriber.on('ready', () => {
    if (!subscribedOnce) return;
    logger.warn({ channel }, 'pub/sub reconnected; re-sending current state to sockets that are behind');
    options.onResubscribed();
  });
  subscriber.on('error', (err: Error) => logger.warn({ err }, 'pub/sub connection error'));
  await subscriber.ssubscribe(channel);
  subscribedOnce = true;
  return {
    async publish(target, update) {
      await redis.spublish(redisKeys.deliveryNodeChannel(target), encodeForward(update));
    },
    async stop() {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
