// Segments: the (language, country, category) groups that aggregates, trending lists and active
// user sets are kept for. The id is part of Redis keys, so its format is fixed here.
import type { ContractError } from '../errors.js';
import { contractError } from '../errors.js';
import type { Result } from '../errors.js';

export interface Segment {
  /** BCP 47 language tag as in the schemas ("en", "pt-BR"). */
  language: string;
  /** ISO 3166-1 alpha-2; absent = unknown, written as "ZZ" (CLDR's unknown region). */
  country?: string | undefined;
  /** Taxonomy slug; absent = all categories, written as "*". */
  category?: string | undefined;
}

export const UNKNOWN_COUNTRY = 'ZZ';
export const ALL_CATEGORIES = '*';

// '.' never occurs in a language tag, a country code or a slug, so the id splits unambiguously.
const SEGMENT_PATTERN = /^([a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?)\.([A-Z]{2})\.([a-z0-9]+(?:[_-][a-z0-9]+)*|\*)$/;

/** "en-GB.GB.football", "de.ZZ.*". */
export function segmentId(segment: Segment): string {
  return `${segment.language}.${segment.country ?? UNKNOWN_COUNTRY}.${segment.category ?? ALL_CATEGORIES}`;
}

export function parseSegmentId(id: string): Result<Segment> {
  const m = SEGMENT_PATTERN.exec(id);
  if (!m) return { ok: false, error: invalid(id) };
  const [, language = '', country = '', category = ''] = m;
  return {
    ok: true,
    value: {
      language,
      country: country === UNKNOWN_COUNTRY ? undefined : country,
      category: category === ALL_CATEGORIES ? undefined : category,
    },
  };
}

function invalid(id: string): ContractError {
  return contractError('invalid_key_part', `not a segment id: ${JSON.stringify(id.slice(0, 80))}`);
}
