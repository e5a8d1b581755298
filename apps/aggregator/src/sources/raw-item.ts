// What a source hands to the pipeline: one item as the publisher wrote it (HTML allowed, URLs
// not yet canonical, language as declared if at all). Feeds and the push API both produce it.
export interface RawItem {
  /** The publisher's id for the item (RSS guid, Atom id, push id), when it gives one. */
  readonly externalId?: string;
  readonly url?: string;
  /** Title and summary may contain HTML and entities; normalization turns them into text. */
  readonly title?: string;
  readonly summary?: string;
  /** Full content, only used to find an image and a language when the summary is short. */
  readonly content?: string;
  readonly imageUrl?: string;
  readonly publishedAt?: number;
  readonly updatedAt?: number;
  readonly categories: readonly string[];
  /** Language declared by the feed or the push body (BCP 47, any case). */
  readonly language?: string;
  // Push clients may set these directly; feeds inherit them from the source configuration.
  readonly kind?: string;
  readonly regions?: readonly string[];
  readonly priority?: 'normal' | 'high' | 'breaking';
  readonly expiresAt?: number;
}

/** Where a batch of raw items came from; normalization reads the defaults from it. */
export interface SourceContext {
  readonly sourceId: string;
  readonly name: string;
  readonly via: 'rss' | 'atom' | 'push';
  readonly kind?: string;
  readonly languages?: readonly string[];
  readonly regions: readonly string[];
  readonly categories: readonly string[];
  readonly priority?: 'normal' | 'high' | 'breaking';
}
