// Languages of an item: what the source configuration or the publisher declares wins; otherwise
// the text is identified with eld (n-gram language detection, medium database). Tags are
// reduced to language[-Script]: users choose languages, not regional variants, and "de-DE" vs
// "de-AT" items would otherwise fall into different segments.
import { eld } from 'eld/medium';

const LANGUAGE_PATTERN = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$/;
// Below this many letters n-gram detection is a guess; the declared or default language wins.
const MIN_LETTERS_FOR_DETECTION = 12;

/** "DE-de" -> "de", "zh-hant-tw" -> "zh-Hant"; undefined for something that is not a language tag. */
export function canonicalLanguage(tag: string): string | undefined {
  let canonical: string;
  try {
    [canonical = ''] = Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'));
  } catch {
    return undefined;
  }
  const [language, second] = canonical.split('-');
  if (!language) return undefined;
  const withScript = second && /^[A-Z][a-z]{3}$/.test(second) ? `${language}-${second}` : language;
  return LANGUAGE_PATTERN.test(withScript) ? withScript : undefined;
}

export interface LanguageInput {
  /** From the source configuration or the push body: trusted over anything else. */
  readonly configured?: readonly string[];
  /** From the feed (<language>, xml:lang). */
  readonly declared?: string;
  readonly text: string;
}

export function detectLanguages(input: LanguageInput): string[] {
  const configured = unique((input.configured ?? []).map(canonicalLanguage));
  if (configured.length > 0) return configured;
  const declared = input.declared ? canonicalLanguage(input.declared) : undefined;
  if (declared) return [declared];
  const detected = detectText(input.text);
  // "und" is BCP 47 for undetermined: valid on content.v1, matched by no user's languages.
  return [detected ?? 'und'];
}

export function detectText(text: string): string | undefined {
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_LETTERS_FOR_DETECTION) return undefined;
  const language = eld.detect(text).language;
  return language ? canonicalLanguage(language) : undefined;
}

function unique(tags: (string | undefined)[]): string[] {
  return [...new Set(tags.filter((t): t is string => t !== undefined))];
}
