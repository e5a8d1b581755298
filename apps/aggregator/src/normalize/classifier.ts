// Applies the rules file to one item: categories (feed labels and keywords mapped to the
// taxonomy, parents added), kind, breaking flag and expiry. Rules are compiled once (folded
// phrases, lookup maps) because this runs for every item of every poll.
import type { ContentKind } from '../content-contract.js';
import { containsPhrase, fold, foldForSearch } from './fold.js';
import type { RulesFile } from './rules-schema.js';

const HOUR_MS = 3_600_000;
const DEFAULT_MAX_CATEGORIES = 8;

export interface ClassifyInput {
  /** Title and summary as plain text. */
  readonly title: string;
  readonly summary: string;
  /** Labels from the feed or push body, as written. */
  readonly feedCategories: readonly string[];
  /** Slugs or labels configured on the source: every item of the source is in them. */
  readonly sourceCategories: readonly string[];
}

export interface Classification {
  /** Taxonomy slugs, main first: source categories, feed categories, keyword hits, then parents. */
  readonly categories: string[];
  /** Kind named by keyword rules ("quiz" -> game), if any. */
  readonly keywordKind?: ContentKind;
  /** Kind implied by the first category that implies one. */
  readonly categoryKind?: ContentKind;
  readonly breaking: boolean;
}

export interface Classifier {
  classify(input: ClassifyInput): Classification;
  expiryMs(kind: ContentKind, breaking: boolean): number;
}

export function compileRules(rules: RulesFile): Classifier {
  const bySlugOrAlias = new Map<string, string>();
  const parents = new Map<string, string>();
  const kinds = new Map<string, ContentKind>();
  const keywords: { phrase: string; slug: string }[] = [];
  for (const entry of rules.taxonomy) {
    bySlugOrAlias.set(fold(entry.slug), entry.slug);
    bySlugOrAlias.set(fold(entry.label), entry.slug);
    for (const alias of entry.aliases ?? []) bySlugOrAlias.set(fold(alias), entry.slug);
    for (const keyword of entry.keywords ?? []) keywords.push({ phrase: fold(keyword), slug: entry.slug });
    if (entry.parent) parents.set(entry.slug, entry.parent);
    if (entry.kind) kinds.set(entry.slug, entry.kind);
  }
  const kindPhrases = Object.entries(rules.kindKeywords ?? {}).flatMap(([kind, phrases]) =>
    phrases.map((p) => ({ kind: kind as ContentKind, phrase: fold(p) })));
  const breakingPrefixes = rules.breaking.titlePrefixes.map(fold);
  const breakingCategories = new Set(rules.breaking.categories.map(fold));
  const maxCategories = rules.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  const expiry = rules.expiryHours as Record<string, number | undefined>;

  function categoriesOf(text: string, feedCategories: readonly string[], sourceCategories: readonly string[]): string[] {
    const found: string[] = [];
    const add = (slug: string | undefined) => { if (slug && !found.includes(slug)) found.push(slug); };
    for (const label of sourceCategories) add(bySlugOrAlias.get(fold(label)));
    for (const label of feedCategories) add(bySlugOrAlias.get(label));
    // Keyword hits after explicit labels: the publisher's own category is the better signal.
    const hits = new Map<string, number>();
    for (const { phrase, slug } of keywords) {
      if (containsPhrase(text, phrase)) hits.set(slug, (hits.get(slug) ?? 0) + 1);
    }
    [...hits].sort((a, b) => b[1] - a[1]).forEach(([slug]) => add(slug));
    // Parents last, so "football" ranks before "sports" but a sports segment still finds it.
    for (const slug of [...found]) {
      for (let p = parents.get(slug), depth = 0; p && depth < 8; p = parents.get(p), depth++) add(p);
    }
    return found.slice(0, maxCategories);
  }

  return {
    classify(input) {
      // Folded once per item: folding is the costly part of matching.
      const text = foldForSearch(`${input.title} ${input.summary}`);
      const feedCategories = input.feedCategories.map(fold);
      const categories = categoriesOf(text, feedCategories, input.sourceCategories);
      const keywordKind = kindPhrases.find(({ phrase }) => containsPhrase(text, phrase))?.kind;
      const categoryKind = categories.map((slug) => kinds.get(slug)).find((kind) => kind !== undefined);
      const title = fold(input.title);
      const breaking = breakingPrefixes.some((p) => p !== '' && (title === p || title.startsWith(`${p} `)))
        || feedCategories.some((c) => breakingCategories.has(c));
      return { categories, breaking, ...(keywordKind ? { keywordKind } : {}), ...(categoryKind ? { categoryKind } : {}) };
    },
    expiryMs(kind, breaking) {
      // Breaking items of any kind go stale fastest; the kind's own expiry applies otherwise.
      const hours = breaking ? rules.expiryHours.breaking : expiry[kind] ?? rules.expiryHours.default;
      return Math.round(hours * HOUR_MS);
    },
  };
}
