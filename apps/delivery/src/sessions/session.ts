// One device's socket and what it has been sent. It owns the rules that make a push stream
// trustworthy for the device: offsets only grow (an old or repeated change is never sent), a
// `remove` delta is sent only when the device holds exactly the state it applies to (else the
// full feed), and latest wins: while the socket is over its buffer cap (or still opening) at most
// one change waits, a newer one replaces it, and what was replaced is counted as superseded. A
// socket that stays blocked longer than the slow-client timeout is closed with slow_client.
// Everything shared by all sessions of a node (limits, metrics, clock) sits in SessionContext,
// so a session holds only its own fields.
import type { WebSocket } from 'ws';
import { CLOSE } from '../protocol/close-codes.js';
import type { CloseReason } from '../protocol/close-codes.js';
import { errorMessage, PING_MESSAGE } from '../protocol/messages.js';
import { isAfter } from '../protocol/offsets.js';
import type { Update } from '../push/update.js';
import type { Ticking } from './ticker.js';

export interface SessionContext {
  /** Per-socket cap on bytes waiting in the socket's buffer. */
  readonly bufferCapBytes: number;
  readonly slowClientTimeoutMs: number;
  readonly heartbeatMs: number;
  now(): number;
  onFrame(type: 'snapshot' | 'feed' | 'remove' | 'ping' | 'refreshed' | 'error', update?: Update): void;
  onSuperseded(): void;
  onSlowClient(): void;
  onClosing(reason: CloseReason): void;
}

export class Session implements Ticking {
  /** Offset of the state the device has; null = none yet. */
  sentOffset: string | null = null;
  feedId: string | null = null;
  removed: readonly string[] = [];
  /** Card ids of the feed the device shows (for takedowns); shared with the update, not copied. */
  cards: readonly string[] = [];
  opening = true;
  closing = false;
  awaitingPong = false;
  nextPingAt: number;
  private pending: Update | undefined;
  private pendingFull = false;
  private slowTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly userId: string,
    readonly deviceId: string,
    public expiresAt: number,
    private readonly ctx: SessionContext,
    random: () => number = Math.random,
  ) {
    // The first ping at a random point of the interval spreads a reconnect storm's pings.
    this.nextPingAt = ctx.now() + Math.floor(random() * ctx.heartbeatMs);
  }

  /** Sends a frame as part of opening (snapshot, replayed deltas) and records the state it leaves. */
  sendOpening(frame: string, type: 'snapshot' | 'feed' | 'remove', state: { offset: string | null; feedId: string | null; removed: readonly string[]; cards?: readonly string[] }): void {
    this.ws.send(frame, () => this.flush());
    this.ctx.onFrame(type);
    this.sentOffset = state.offset;
    this.feedId = state.feedId;
    this.removed = state.removed;
    if (state.cards) this.cards = state.cards;
  }

  /** Ends opening: the change that waited meanwhile (if any, and newer) goes out now. */
  opened(): void {
    this.opening = false;
    this.flush();
  }

  deliver(update: Update): void {
    if (this.closing || !isAfter(update.state.offset, this.sentOffset)) return;
    if (this.opening || this.pending) {
      this.hold(update);
      if (!this.opening) this.flush();
      return;
    }
    const out = this.frameFor(update, false);
    if (this.blockedBy(out.frame)) {
      this.hold(update);
      return;
    }
    this.write(out, update);
  }

  /** Heartbeat and token expiry, visited by the node's Ticker; returns when to come back. */
  tick(now: number): number | undefined {
    if (this.closing) return undefined;
    if (now >= this.expiresAt) {
      this.close('token_expired');
      return undefined;
    }
    if (now >= this.nextPingAt) {
      if (this.awaitingPong) {
        this.close('no_pong');
        return undefined;
      }
      this.ping();
      this.nextPingAt = now + this.ctx.heartbeatMs;
    }
    return Math.min(this.nextPingAt, this.expiresAt);
  }

  pong(): void {
    this.awaitingPong = false;
  }

  ping(): void {
    if (this.pending) return; // blocked: the slow-client timer decides, a ping would only queue
    this.awaitingPong = true;
    this.ws.send(PING_MESSAGE, () => this.flush());
    this.ctx.onFrame('ping');
  }

  /** Closes with an application code, telling the device why in an error frame first. */
  close(reason: CloseReason, message: string = CLOSE[reason].meaning): void {
    if (this.closing) return;
    this.closing = true;
    this.clearSlowTimer();
    this.pending = undefined;
    this.ctx.onClosing(reason);
    this.ws.send(errorMessage(reason, message));
    this.ctx.onFrame('error');
    this.ws.close(CLOSE[reason].code, reason);
  }

  /** Called when the socket is gone (closed by either side). */
  dispose(): void {
    this.closing = true;
    this.clearSlowTimer();
    this.pending = undefined;
  }

  /** Bytes waiting in this socket's buffers (tests and the slow-client check read it). */
  bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  private frameFor(update: Update, forceFull: boolean): { frame: string; type: 'feed' | 'remove' } {
    const s = update.state;
    // A delta is right only if the device holds the same feed with exactly one removal fewer.
    const delta = !forceFull && update.kind === 'remove' && s.feedId === this.feedId
      && s.removed.length === this.removed.length + 1 && this.removed.every((c) => s.removed.includes(c));
    return delta ? { frame: update.removeFrame(), type: 'remove' } : { frame: update.feedFrame(), type: 'feed' };
  }

  private blockedBy(frame: string): boolean {
    const buffered = this.ws.bufferedAmount;
    return buffered > 0 && buffered + Buffer.byteLength(frame) > this.ctx.bufferCapBytes;
  }

  private hold(update: Update): void {
    if (this.pending) {
      if (!isAfter(update.state.offset, this.pending.state.offset)) return;
      this.ctx.onSuperseded();
      // The replaced change is lost to this socket, so what replaces it must be the full state.
      this.pendingFull = true;
    }
    this.pending = update;
    if (!this.opening) this.armSlowTimer();
  }

  private armSlowTimer(): void {
    if (this.slowTimer) return;
    this.slowTimer = setTimeout(() => this.checkSlow(), this.ctx.slowClientTimeoutMs);
    this.slowTimer.unref();
  }

  private flush(): void {
    const update = this.pending;
    if (!update || this.opening || this.closing) return;
    if (!isAfter(update.state.offset, this.sentOffset)) {
      this.pending = undefined;
      this.clearSlowTimer();
      return;
    }
    const out = this.frameFor(update, this.pendingFull);
    if (this.blockedBy(out.frame)) {
      this.armSlowTimer();
      return;
    }
    this.pending = undefined;
    this.pendingFull = false;
    this.clearSlowTimer();
    this.write(out, update);
  }

  private write(out: { frame: string; type: 'feed' | 'remove' }, update: Update): void {
    // The callback runs once the frame is handed to the kernel: the moment to send what waited.
    this.ws.send(out.frame, () => { this.ctx.onFrame(out.type, update); this.flush(); });
    this.sentOffset = update.state.offset;
    this.feedId = update.state.feedId;
    this.removed = update.state.removed;
    this.cards = update.state.cards;
  }

  private checkSlow(): void {
    this.slowTimer = undefined;
    this.flush(); // the buffer may have drained without a callback of ours to notice
    if (!this.pending || this.closing) return;
    this.ctx.onSlowClient();
    this.close('slow_client');
  }

  private clearSlowTimer(): void {
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
  }
}
