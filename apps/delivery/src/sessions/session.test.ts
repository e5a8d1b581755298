// The session's rules without a network: a socket stand-in whose buffered bytes the test sets.
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createUpdate } from '../push/update.js';
import { Session } from './session.js';
import type { SessionContext } from './session.js';

class FakeSocket {
  bufferedAmount = 0;
  readonly frames: string[] = [];
  readonly callbacks: (() => void)[] = [];
  closedWith: number | undefined;
  send(frame: string, cb?: () => void) {
    this.frames.push(frame);
    if (cb) this.callbacks.push(cb);
  }
  close(code: number) {
    this.closedWith = code;
  }
  /** The kernel took everything: callbacks run, the buffer is empty. */
  drain() {
    this.bufferedAmount = 0;
    for (const cb of this.callbacks.splice(0)) cb();
  }
}

function setup() {
  const counts = { superseded: 0, slow: 0 };
  const ctx: SessionContext = {
    bufferCapBytes: 1000, slowClientTimeoutMs: 60_000, heartbeatMs: 25_000, now: () => 0,
    onFrame: () => {}, onSuperseded: () => { counts.superseded += 1; }, onSlowClient: () => { counts.slow += 1; }, onClosing: () => {},
  };
  const ws = new FakeSocket();
  const session = new Session(ws as unknown as WebSocket, 'u', 'd', Number.MAX_SAFE_INTEGER, ctx, () => 0.5);
  session.sendOpening('{"snapshot":1}', 'snapshot', { offset: '1-0', feedId: 'f1', removed: [], cards: ['a', 'b'] });
  session.opened();
  ws.drain();
  ws.frames.length = 0;
  return { ws, session, counts };
}

const state = (offset: string, feedId: string, removed: string[] = [], cards = ['a', 'b', 'c']) => ({ offset, feedId, feedJson: `{"feedId":"${feedId}"}`, removed, cards });
const types = (frames: string[]) => frames.map((f) => (JSON.parse(f) as { type: string; offset: string }).type + '@' + (JSON.parse(f) as { offset: string }).offset);

describe('Session', () => {
  it('sends only offsets after the one the device has', () => {
    const { ws, session } = setup();
    session.deliver(createUpdate('u', state('1-0', 'f1'), 'feed'));
    session.deliver(createUpdate('u', state('2-0', 'f2'), 'feed'));
    session.deliver(createUpdate('u', state('2-0', 'f2'), 'feed'));
    expect(types(ws.frames)).toEqual(['feed@2-0']);
  });

  it('sends a remove delta only onto the exact state it extends, else the full feed', () => {
    const { ws, session } = setup();
    session.deliver(createUpdate('u', state('2-0', 'f1', ['a']), 'remove', 'a'));
    // one removal missed (b): the full state, not a delta
    session.deliver(createUpdate('u', state('4-0', 'f1', ['a', 'b', 'c']), 'remove', 'c'));
    expect(types(ws.frames)).toEqual(['remove@2-0', 'feed@4-0']);
    expect(JSON.parse(ws.frames[1]!)).toMatchObject({ removed: ['a', 'b', 'c'] });
  });

  it('while over the cap keeps only the newest change, and sends it as the full state once the buffer drains', () => {
    const { ws, session, counts } = setup();
    session.deliver(createUpdate('u', state('2-0', 'f2'), 'feed'));
    ws.bufferedAmount = 990; // that frame is still stuck in the socket
    session.deliver(createUpdate('u', state('3-0', 'f3'), 'feed'));
    session.deliver(createUpdate('u', state('4-0', 'f3', ['a']), 'remove', 'a'));
    expect(types(ws.frames)).toEqual(['feed@2-0']);
    expect(counts.superseded).toBe(1);
    ws.drain(); // the write callback of feed@2-0 sends what waited: the full state, not a delta onto f3
    expect(types(ws.frames)).toEqual(['feed@2-0', 'feed@4-0']);
    expect(JSON.parse(ws.frames[1]!)).toMatchObject({ removed: ['a'], feed: { feedId: 'f3' } });
  });

  it('closes a socket that stays over the cap with slow_client, not one whose buffer drained', async () => {
    const { ws, session, counts } = setup();
    (session as unknown as { ctx: { slowClientTimeoutMs: number } }).ctx.slowClientTimeoutMs = 20;
    session.deliver(createUpdate('u', state('2-0', 'f2'), 'feed'));
    ws.bufferedAmount = 990;
    session.deliver(createUpdate('u', state('3-0', 'f3'), 'feed'));
    await new Promise((r) => setTimeout(r, 60));
    expect(counts.slow).toBe(1);
    expect(ws.closedWith).toBe(4002);
  });
});
