// A seeded content catalogue for simulations: valid content.v1 items across kinds, categories,
// languages, regions and sources, published over a span of time, each with a hidden quality
// (how much more or less clickable it is than its category suggests) that only the click model
// knows.
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import { mulberry32 } from '@tessera/ranking/random';
import { seededUuid } from './ids.js';

export const CATEGORIES = [
  { slug: 'world', kind: 'news' }, { slug: 'politics', kind: 'news' }, { slug: 'economy', kind: 'news' },
  { slug: 'environment', kind: 'news' }, { slug: 'science', kind: 'news' }, { slug: 'space', kind: 'news' },
  { slug: 'animals', kind: 'fun_fact' }, { slug: 'history', kind: 'fun_fact' }, { slug: 'culture', kind: 'news' },
  { slug: 'football', kind: 'sports' }, { slug: 'cycling', kind: 'sports' }, { slug: 'handball', kind: 'sports' },
  { slug: 'crosswords', kind: 'game' }, { slug: 'word-games', kind: 'game' }, { slug: 'trivia', kind: 'fun_fact' },
  { slug: 'weather', kind: 'weather' },
] as const;

export const LANGUAGES = ['en', 'de', 'es', 'fr'] as const;
const COUNTRIES: Record<(typeof LANGUAGES)[number], string[]> = { en: ['GB', 'US', 'IE'], de: ['DE', 'AT', 'CH'], es: ['ES', 'MX'], fr: ['FR', 'BE'] };

export interface CatalogueItem {
  readonly item: ContentItem;
  /** Hidden logit offset of the click model. */
  readonly quality: number;
}

export interface CatalogueOptions {
  readonly items: number;
  readonly seed: number;
  readonly startMs: number;
  readonly spanMs: number;
  /** How long an item stays showable (default 2 days). */
  readonly lifetimeMs?: number;
  readonly sources?: number;
}

export function generateCatalogue(options: CatalogueOptions): CatalogueItem[] {
  const random = mulberry32(options.seed);
  const sources = Array.from({ length: options.sources ?? 24 }, (_, i) => ({
    sourceId: `src-${i + 1}`,
    name: `Outlet ${i + 1}`,
    language: LANGUAGES[i % LANGUAGES.length]!,
  }));
  const lifetime = options.lifetimeMs ?? 2 * 86_400_000;
  return Array.from({ length: options.items }, (_, i) => {
    const source = sources[Math.floor(random() * sources.length)]!;
    const main = CATEGORIES[Math.floor(random() * CATEGORIES.length)]!;
    const second = random() < 0.3 ? CATEGORIES[Math.floor(random() * CATEGORIES.length)]! : undefined;
    const categories = second && second.slug !== main.slug ? [main.slug, second.slug] : [main.slug];
    const publishedAt = Math.floor(options.startMs + random() * options.spanMs);
    const countries = COUNTRIES[source.language];
    const regions = random() < 0.7 ? [] : [countries[Math.floor(random() * countries.length)]!];
    const contentId = `c-${options.seed}-${i + 1}`;
    const item: ContentItem = {
      eventId: seededUuid(random, publishedAt),
      occurredAt: publishedAt,
      receivedAt: publishedAt,
      contentId,
      storyId: `s-${options.seed}-${Math.floor(i / (random() < 0.1 ? 2 : 1))}`,
      kind: main.kind,
      url: `https://example.org/${source.sourceId}/${contentId}`,
      title: `${main.slug} story ${i + 1}`,
      summary: `A simulated ${main.kind} item about ${categories.join(' and ')}.`,
      languages: [source.language],
      regions,
      categories,
      priority: random() < 0.03 ? 'breaking' : random() < 0.1 ? 'high' : 'normal',
      publishedAt,
      expiresAt: publishedAt + lifetime,
      source: { sourceId: source.sourceId, name: source.name, via: 'rss' },
    };
    // Hidden quality: most items are ordinary, a few are much better or worse.
    const quality = (random() + random() + random() - 1.5) * 1.2;
    return { item, quality };
  });
}
