// Where a device's token may be on the socket request, in order of preference:
// 1. `Authorization: Bearer <jwt>` (native apps);
// 2. the subprotocol list `Sec-WebSocket-Protocol: tessera.v1, tessera.bearer.<jwt>` (browsers
//    cannot set headers on a WebSocket; the server answers with `tessera.v1` only, never echoing
//    the token);
// 3. the query parameter `access_token` (documented fallback: URLs end up in proxy logs).
export const SUBPROTOCOL = 'tessera.v1';
const BEARER_PROTOCOL = 'tessera.bearer.';

export type TokenSource = 'header' | 'subprotocol' | 'query';

export function findToken(headers: Record<string, string | string[] | undefined>, query: Record<string, unknown>): { token: string; via: TokenSource } | undefined {
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return { token: bearer, via: 'header' };
  const protocols = headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    const entry = protocols.split(',').map((p) => p.trim()).find((p) => p.startsWith(BEARER_PROTOCOL));
    if (entry && entry.length > BEARER_PROTOCOL.length) return { token: entry.slice(BEARER_PROTOCOL.length), via: 'subprotocol' };
  }
  const q = query.access_token;
  if (typeof q === 'string' && q.length > 0) return { token: q, via: 'query' };
  return undefined;
}

/** ws handleProtocols: select tessera.v1 when offered; the bearer entry is never selected. */
export function selectProtocol(offered: Set<string>): string | false {
  return offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}
