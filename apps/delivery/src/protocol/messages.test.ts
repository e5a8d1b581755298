import { describe, expect, it } from 'vitest';
import { feedMessage, parseClientMessage, removeMessage, snapshotMessage } from './messages.js';

const feedJson = '{"feedId":"f1","cards":[],"futureField":{"x":1}}';
const state = { offset: '10-0', feedId: 'f1', feedJson, removed: ['c-2'], cards: ['c-1', 'c-2'] };

describe('server messages', () => {
  it('embed the feed exactly as produced, unknown fields included', () => {
    const m = JSON.parse(feedMessage(state));
    expect(m).toEqual({ v: 1, type: 'feed', offset: '10-0', removed: ['c-2'], feed: JSON.parse(feedJson) });
    expect(feedMessage(state)).toContain('"futureField":{"x":1}');
  });

  it('snapshot: full state, no state, or resumed without state', () => {
    const base = { node: 'n1', heartbeatMs: 25_000, tokenExpiresAt: 1_800_000_000_000 };
    expect(JSON.parse(snapshotMessage({ ...base, resumed: false, offset: '10-0', state }))).toMatchObject({ type: 'snapshot', resumed: false, offset: '10-0', feed: { feedId: 'f1' }, removed: ['c-2'] });
    expect(JSON.parse(snapshotMessage({ ...base, resumed: false, offset: null, state: null }))).toMatchObject({ feed: null, removed: [], offset: null });
    const resumed = JSON.parse(snapshotMessage({ ...base, resumed: true, offset: '9-0' }));
    expect(resumed).toEqual({ v: 1, type: 'snapshot', node: 'n1', heartbeatMs: 25_000, tokenExpiresAt: 1_800_000_000_000, resumed: true, offset: '9-0' });
    expect(JSON.parse(removeMessage('11-0', 'f1', 'c-3'))).toEqual({ v: 1, type: 'remove', offset: '11-0', feedId: 'f1', contentId: 'c-3' });
  });
});

describe('client messages', () => {
  const text = (s: string) => parseClientMessage(Buffer.from(s), false);
  it('accept pong and refresh', () => {
    expect(text('{"v":1,"type":"pong"}')).toEqual({ ok: true, message: { type: 'pong' } });
    expect(text('{"v":1,"type":"refresh","token":"abc"}')).toEqual({ ok: true, message: { type: 'refresh', token: 'abc' } });
  });

  it('refuse binary, non-JSON, other versions, unknown types and missing fields with the close reason', () => {
    expect(parseClientMessage(Buffer.from('{"v":1,"type":"pong"}'), true)).toMatchObject({ ok: false, reason: 'bad_frame' });
    expect(text('{nope')).toMatchObject({ ok: false, reason: 'bad_frame' });
    expect(text('[1]')).toMatchObject({ ok: false, reason: 'unknown_message' });
    expect(text('{"v":2,"type":"pong"}')).toMatchObject({ ok: false, reason: 'unknown_message' });
    expect(text('{"v":1,"type":"subscribe"}')).toMatchObject({ ok: false, reason: 'unknown_message' });
    expect(text('{"v":1,"type":"refresh"}')).toMatchObject({ ok: false, reason: 'unknown_message' });
  });
});
