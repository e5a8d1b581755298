// The item attributes features read, from a content.v1 ContentItem or from an interaction log
// that only knows ids and categories (offline evaluation): everything but the id is optional.
import type { ContentItem } from '@tessera/contracts/schemas/content-item';

export interface ItemInfo {
  readonly contentId: string;
  readonly categories: readonly string[];
  readonly sourceId?: string | undefined;
  readonly storyId?: string | undefined;
  readonly languages?: readonly string[] | undefined;
  /** Empty = everywhere. */
  readonly regions?: readonly string[] | undefined;
  readonly kind?: string | undefined;
  readonly priority?: string | undefined;
  readonly publishedAt?: number | undefined;
  readonly expiresAt?: number | undefined;
}

export function itemFromContent(item: ContentItem): ItemInfo {
  return {
    contentId: item.contentId,
    categories: item.categories,
    sourceId: item.source.sourceId,
    storyId: item.storyId,
    languages: item.languages,
    regions: item.regions,
    kind: item.kind,
    priority: item.priority,
    publishedAt: item.publishedAt,
    expiresAt: item.expiresAt,
  };
}
