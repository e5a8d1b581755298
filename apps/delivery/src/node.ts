// One delivery node: the sockets it holds and every way a change reaches them. Feeds consumed
// here are appended to the user's pushes stream (which assigns the offset), written to this
// node's sockets of the user and forwarded to the other nodes presence names; forwards from other
// nodes are written here; takedowns are applied to this node's sockets only (every node reads
// every takedown). Opening a socket registers presence *before* reading the state, so a change
// appended after the read is always routed to it, and the offset check in Session drops the
// copy that both paths may bring.
import type { DeviceIdentity, VerifyDeviceToken } from '@tessera/device-auth/verifier';
import type { Logger } from '@tessera/platform/logger';
import type { RawData, WebSocket } from 'ws';
import type { DeliveryMetrics } from './metrics.js';
import { parseClientMessage, refreshedMessage, snapshotMessage } from './protocol/messages.js';
import { RecentTakedowns } from './push/takedowns.js';
import { createUpdate } from './push/update.js';
import type { Update } from './push/update.js';
import { sendOpening } from './sessions/opening.js';
import { SessionRegistry } from './sessions/registry.js';
import { Session } from './sessions/session.js';
import type { SessionContext } from './sessions/session.js';
import { Ticker } from './sessions/ticker.js';
import { parseStoredFeed } from './state/feed-facts.js';
import type { Presence } from './state/presence.js';
import type { FeedFacts, ReadSinceResult, UserStateStore } from './state/user-state.js';

export interface DeliveryNodeOptions {
  readonly heartbeatMs: number;
  readonly bufferCapBytes: number;
  readonly slowClientTimeoutMs: number;
  /** Resolution of heartbeat and token-expiry checks. */
  readonly tickMs: number;
  readonly presenceTtlMs: number;
  readonly takedownMemory: number;
}

export interface DeliveryNodeDeps {
  readonly nodeId: string;
  readonly store: UserStateStore;
  readonly presence: Presence;
  /** Publishes a change to another node (Redis pub/sub). */
  readonly forward: (nodeId: string, update: Update) => Promise<void>;
  readonly verify: VerifyDeviceToken;
  readonly metrics: DeliveryMetrics;
  readonly logger: Logger;
  readonly options: DeliveryNodeOptions;
  readonly now?: () => number;
}

export interface DeliveryNode {
  readonly nodeId: string;
  readonly sessions: SessionRegistry;
  /** Takes over an upgraded socket: registers it, sends its opening frames, then its changes. */
  open(ws: WebSocket, identity: DeviceIdentity, expiresAt: number, lastOffset: string | null): Promise<void>;
  /** The snapshot frame for GET /v1/feed (same state a new socket gets). */
  snapshot(userId: string, tokenExpiresAt: number | null): Promise<string>;
  applyFeed(userId: string, feed: FeedFacts, consumedAt?: bigint): Promise<void>;
  receiveForward(update: Update): void;
  applyTakedown(contentId: string): Promise<void>;
  /** Re-sends the current state to every socket that is behind (after a pub/sub outage). */
  resync(): Promise<void>;
  /** Closes every socket with `draining`, spread over `periodMs`, and waits for them to go. */
  drain(periodMs: number, waitMs?: number): Promise<void>;
  stop(): void;
}

export function createDeliveryNode(deps: DeliveryNodeDeps): DeliveryNode {
  const { nodeId, store, presence, metrics, options } = deps;
  const log = deps.logger.child({ component: 'node', node: nodeId });
  const now = deps.now ?? Date.now;
  const sessions = new SessionRegistry();
  const ticker = new Ticker<Session>(options.tickMs, now);
  const takedowns = new RecentTakedowns(options.takedownMemory);
  const ctx: SessionContext = {
    bufferCapBytes: options.bufferCapBytes,
    slowClientTimeoutMs: options.slowClientTimeoutMs,
    heartbeatMs: options.heartbeatMs,
    now,
    onFrame(type, update) {
      metrics.frames.inc({ type });
      if (update?.consumedAt !== undefined) metrics.pushLatency.observe(Number(process.hrtime.bigint() - update.consumedAt) / 1e9);
    },
    onSuperseded: () => metrics.superseded.inc(),
    onSlowClient: () => metrics.slowClients.inc(),
    onClosing: (reason) => metrics.closed.inc({ reason }),
  };
  const presenceTimer = setInterval(() => {
    presence.refresh(sessions.users()).catch((err: unknown) => log.warn({ err }, 'presence refresh failed'));
  }, Math.max(1, Math.floor(options.presenceTtlMs / 3)));
  presenceTimer.unref();

  function deliverLocal(update: Update): void {
    const set = sessions.forUser(update.userId);
    if (set) for (const s of set) s.deliver(update);
  }

  async function readWithSeed(userId: string, lastOffset: string | null): Promise<ReadSinceResult> {
    const read = await store.readSince(userId, lastOffset);
    if (read.current) {
      // Takedowns while the user had no socket here were not applied to their state yet.
      const missed = takedowns.among(read.current.cards).filter((c) => !read.current!.removed.includes(c));
      if (missed.length === 0) return read;
      for (const contentId of missed) await store.appendRemove(userId, contentId);
      return store.readSince(userId, lastOffset);
    }
    // The stream expired (quiet user): start it from the recommender's latest feed.
    const text = read.recommenderFeed;
    if (!text) return read;
    const stored = parseStoredFeed(text);
    if (!stored.ok || stored.userId !== userId) {
      log.warn({ userId, reason: stored.ok ? 'feed of another user' : stored.reason }, 'ignoring an invalid u:{id}:feed');
      return read;
    }
    await store.appendFeed(userId, stored.facts, takedowns.among(stored.facts.contentIds));
    return store.readSince(userId, lastOffset);
  }

  async function onMessage(session: Session, data: RawData, isBinary: boolean): Promise<void> {
    const parsed = parseClientMessage(data as Buffer, isBinary);
    if (!parsed.ok) return session.close(parsed.reason, parsed.detail);
    if (parsed.message.type === 'pong') return session.pong();
    const result = await deps.verify(parsed.message.token);
    if (session.closing) return;
    if (!result.ok) {
      if (result.error.code === 'token_expired') return session.close('token_expired', 'the refresh token has expired');
      return session.close('forbidden', `the refresh token was refused: ${result.error.code}`);
    }
    if (result.identity.userId !== session.userId || result.identity.deviceId !== session.deviceId) {
      return session.close('forbidden', 'the refresh token names another user or device');
    }
    session.expiresAt = result.expiresAt;
    ticker.schedule(session, Math.min(session.nextPingAt, session.expiresAt));
    session.ws.send(refreshedMessage(result.expiresAt));
    ctx.onFrame('refreshed');
  }

  // One pair of listeners for every socket of the node (`this` is the socket), not two closures
  // per socket: at tens of thousands of sockets per node the difference is visible in memory.
  const sessionOf = new WeakMap<WebSocket, Session>();
  function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const session = sessionOf.get(this);
    if (!session) return;
    onMessage(session, data, isBinary).catch((err: unknown) => {
      log.error({ err }, 'client message failed');
      session.close('server_error');
    });
  }
  function onSocketClose(this: WebSocket): void {
    const session = sessionOf.get(this);
    if (!session) return;
    session.dispose();
    ticker.cancel(session);
    if (sessions.remove(session)) presence.remove(session.userId).catch((err: unknown) => log.warn({ err }, 'presence remove failed'));
  }

  return {
    nodeId,
    sessions,

    async open(ws, identity, expiresAt, lastOffset) {
      const session = new Session(ws, identity.userId, identity.deviceId, expiresAt, ctx);
      sessionOf.set(ws, session);
      ws.on('message', onSocketMessage);
      ws.on('close', onSocketClose);
      const first = sessions.add(session);
      ticker.schedule(session, Math.min(session.nextPingAt, expiresAt));
      try {
        // Both go out at once on the one connection, and Redis runs them in that order: the
        // presence is in place before the state is read.
        const [, read] = await Promise.all([first ? presence.add(identity.userId) : undefined, readWithSeed(identity.userId, lastOffset)]);
        if (session.closing) return;
        metrics.opened.inc({ resume: sendOpening(session, read, lastOffset, nodeId, options.heartbeatMs) });
        session.opened();
      } catch (err) {
        log.error({ err, userId: identity.userId }, 'opening a socket failed');
        session.close('server_error');
      }
    },

    async snapshot(userId, tokenExpiresAt) {
      const read = await readWithSeed(userId, null);
      const current = read.current;
      return snapshotMessage({ node: nodeId, heartbeatMs: options.heartbeatMs, tokenExpiresAt, resumed: false, offset: current?.offset ?? null, state: current ?? null });
    },

    async applyFeed(userId, feed, consumedAt) {
      const result = await store.appendFeed(userId, feed, takedowns.among(feed.contentIds));
      metrics.feeds.inc({ outcome: result.status });
      if (result.status === 'stale') return;
      // A replay ('dup') is delivered again: the node that appended it may have died before
      // delivering; sockets that have it drop it by offset.
      const update = createUpdate(userId, result.state, 'feed', '', consumedAt);
      deliverLocal(update);
      const nodes = presence.liveNodes(userId, result.presence);
      await Promise.all(nodes.filter((n) => n !== nodeId).map(async (n) => {
        await deps.forward(n, update);
        metrics.forwarded.inc();
      }));
    },

    receiveForward(update) {
      metrics.forwardsReceived.inc();
      deliverLocal(update);
    },

    async applyTakedown(contentId) {
      takedowns.add(contentId);
      metrics.takedowns.inc();
      const users = new Set<string>();
      // Opening sockets do not know their cards yet; their user's stream decides.
      for (const s of sessions.all()) if (!s.closing && (s.opening || s.cards.includes(contentId))) users.add(s.userId);
      await Promise.all([...users].map(async (userId) => {
        const result = await store.appendRemove(userId, contentId);
        if (result.status !== 'absent') deliverLocal(createUpdate(userId, result.state, 'remove', contentId));
      }));
    },

    async resync() {
      for (const userId of [...sessions.users()]) {
        const read = await store.readSince(userId, null);
        if (read.current) deliverLocal(createUpdate(userId, read.current, 'feed'));
      }
    },

    async drain(periodMs, waitMs = 5_000) {
      const all = [...sessions.all()];
      const steps = Math.max(1, Math.ceil(periodMs / 100));
      const perStep = Math.max(1, Math.ceil(all.length / steps));
      // Spread over the period so the other nodes see a ramp, not the whole node at once.
      for (let i = 0; i < all.length; i += perStep) {
        for (const s of all.slice(i, i + perStep)) s.close('draining');
        if (i + perStep < all.length) await new Promise((r) => setTimeout(r, 100));
      }
      const deadline = Date.now() + waitMs;
      while (sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const s of sessions.all()) s.ws.terminate();
    },

    stop() {
      ticker.stop();
      clearInterval(presenceTimer);
    },
  };
}
