// What the simulated people know about a card beyond what the card shows: the full content item
// (categories, source) from content.v1 when the caller follows it, and a hidden quality per item
// (how much more or less clickable it is than its category suggests), derived from the content id
// and the seed so every run of a seed agrees. A card whose item is unknown is judged on what it
// carries (languages, publisher name, publication time).
import type { Card } from '@tessera/contracts/schemas/feed';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import { fnv1a, mulberry32 } from '@tessera/ranking/random';

export interface ContentBook {
  /** The item (known or rebuilt from the card) and its hidden quality. */
  judge(card: Card): { item: ContentItem; quality: number };
  /** Records an item (content.v1) or forgets it (a tombstone: undefined). */
  put(contentId: string, item: ContentItem | undefined): void;
  readonly size: number;
}

export function createContentBook(seed: number, known: Iterable<{ item: ContentItem; quality?: number }> = []): ContentBook {
  const items = new Map<string, ContentItem>();
  const qualities = new Map<string, number>();
  for (const { item, quality } of known) {
    items.set(item.contentId, item);
    if (quality !== undefined) qualities.set(item.contentId, quality);
  }
  const qualityOf = (contentId: string): number => {
    const given = qualities.get(contentId);
    if (given !== undefined) return given;
    // The catalogue's distribution: the sum of three uniforms, centred and scaled.
    const random = mulberry32(fnv1a(contentId, seed >>> 0));
    return (random() + random() + random() - 1.5) * 1.2;
  };
  return {
    judge(card) {
      const item = items.get(card.contentId) ?? fromCard(card);
      return { item, quality: qualityOf(card.contentId) };
    },
    put(contentId, item) {
      if (item) items.set(contentId, item);
      else items.delete(contentId);
    },
    get size() { return items.size; },
  };
}

function fromCard(card: Card): ContentItem {
  const at = card.content.publishedAt;
  return {
    eventId: '00000000-0000-7000-8000-000000000000', occurredAt: at, receivedAt: at,
    contentId: card.contentId, storyId: card.contentId, kind: card.content.kind, url: card.content.url, title: card.content.title,
    languages: [...card.content.languages], regions: [], categories: [], priority: card.content.priority,
    publishedAt: at, expiresAt: card.content.expiresAt,
    source: { sourceId: card.sourceName, name: card.sourceName, via: 'rss' },
  };
}
