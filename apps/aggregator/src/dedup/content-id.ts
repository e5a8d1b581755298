// Content identity: an item is its canonical URL, so the same article from two feeds (or from a
// feed and the push API) is one record on content.v1. The id is a hash of the URL rather than
// the URL itself because content ids go into Redis keys and must match the contract's Id pattern.
import { createHash } from 'node:crypto';

/** "c-" + 128 bits of SHA-256 of the canonical URL, hex. Stable across restarts and instances. */
export function contentIdFor(canonicalUrl: string): string {
  return `c-${createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 32)}`;
}

/** The story id an item gets when it starts a story of its own. */
export function storyIdFor(contentId: string): string {
  return `s-${contentId.replace(/^c-/, '')}`;
}
