import { describe, expect, it } from 'vitest';
import { findToken, selectProtocol } from './token.js';

describe('findToken', () => {
  it('prefers the header, then the subprotocol, then the query fallback', () => {
    expect(findToken({ authorization: 'Bearer a.b.c', 'sec-websocket-protocol': 'tessera.v1, tessera.bearer.x.y.z' }, { access_token: 'q' })).toEqual({ token: 'a.b.c', via: 'header' });
    expect(findToken({ 'sec-websocket-protocol': 'tessera.v1, tessera.bearer.x.y.z' }, { access_token: 'q' })).toEqual({ token: 'x.y.z', via: 'subprotocol' });
    expect(findToken({}, { access_token: 'q.r.s' })).toEqual({ token: 'q.r.s', via: 'query' });
    expect(findToken({ authorization: 'Basic abc', 'sec-websocket-protocol': 'tessera.v1, tessera.bearer.' }, {})).toBeUndefined();
  });

  it('selects tessera.v1 only, never the entry carrying the token', () => {
    expect(selectProtocol(new Set(['tessera.v1', 'tessera.bearer.x.y.z']))).toBe('tessera.v1');
    expect(selectProtocol(new Set(['tessera.bearer.x.y.z']))).toBe(false);
  });
});
