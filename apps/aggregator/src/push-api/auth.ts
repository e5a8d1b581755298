// Publisher API keys. The presented key and every configured key are hashed to fixed-length
// digests and compared with timingSafeEqual, against all publishers without stopping early, so
// neither the key's content nor its length nor which publisher matched shows in response time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Publisher } from '../sources/config-schema.js';

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export type Authenticate = (authorization: string | undefined) => Publisher | undefined;

export function createKeyAuth(publishers: readonly Publisher[]): Authenticate {
  const table = publishers.map((publisher) => ({ publisher, digest: digest(publisher.apiKey) }));
  return (authorization) => {
    const presented = bearerToken(authorization);
    if (presented === undefined) return undefined;
    const presentedDigest = digest(presented);
    let match: Publisher | undefined;
    for (const entry of table) {
      if (timingSafeEqual(entry.digest, presentedDigest) && match === undefined) match = entry.publisher;
    }
    return match;
  };
}

/** The token of an "Authorization: Bearer <token>" header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
