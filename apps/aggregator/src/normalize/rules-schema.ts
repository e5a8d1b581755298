// The normalization rules file: the category taxonomy (with the feed categories and keywords that
// map to each slug), kind keywords, what makes an item breaking, and expiry per kind. Editors
// change it without a deploy; it is validated at start like the sources file.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CONTENT_KINDS } from '../content-contract.js';

// Same pattern as the contract's Category slug.
const CategorySlug = Type.String({ pattern: '^[a-z0-9]+(?:[_-][a-z0-9]+)*$', minLength: 1, maxLength: 48 });
const Kind = Type.Union(CONTENT_KINDS.map((k) => Type.Literal(k)));
const Phrases = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 500 });

export const TaxonomyEntrySchema = Type.Object(
  {
    slug: CategorySlug,
    label: Type.String({ minLength: 1, maxLength: 80 }),
    parent: Type.Optional(CategorySlug),
    /** Card kind implied by this category when the source sets none (football -> sports). */
    kind: Type.Optional(Kind),
    /** Feed category labels (any language) that mean this slug. Matching ignores case and accents. */
    aliases: Type.Optional(Phrases),
    /** Whole words or phrases in title or summary that put an item in this category. */
    keywords: Type.Optional(Phrases),
  },
  { additionalProperties: false },
);

const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 24 * 366 });

export const RulesFileSchema = Type.Object(
  {
    taxonomy: Type.Array(TaxonomyEntrySchema, { minItems: 1, maxItems: 2_000 }),
    kindKeywords: Type.Optional(Type.Record(Type.String(), Phrases)),
    breaking: Type.Object(
      {
        /** Title starts that mark breaking news ("BREAKING:", "Eilmeldung:"). */
        titlePrefixes: Phrases,
        /** Feed categories that mark breaking news. */
        categories: Phrases,
      },
      { additionalProperties: false },
    ),
    expiryHours: Type.Object(
      {
        default: Hours,
        /** Breaking news goes stale fastest. */
        breaking: Hours,
        ...Object.fromEntries(CONTENT_KINDS.map((k) => [k, Type.Optional(Hours)])),
      },
      { additionalProperties: false },
    ),
    /** Categories kept per item, main first. */
    maxCategories: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
  },
  { additionalProperties: false },
);
export type RulesFile = Static<typeof RulesFileSchema>;
export type TaxonomyEntry = Static<typeof TaxonomyEntrySchema>;
