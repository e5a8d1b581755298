// Turns one RawItem from a source into the publishable fields of a ContentItem: canonical URL,
// plain-text title and summary, https image, published time, kind, languages, regions,
// categories, priority and expiry. Identity (contentId, storyId) and event ids are the
// pipeline's job. Returns a rejection as data for items no card could be made from.
import type { ContentItem, ContentKind } from '../content-contract.js';
import { CONTENT_KINDS } from '../content-contract.js';
import { aggregatorError, fail, ok } from '../errors.js';
import type { Result } from '../errors.js';
import type { RawItem, SourceContext } from '../sources/raw-item.js';
import { canonicalUrl } from './canonical-url.js';
import type { Classifier } from './classifier.js';
import { firstImageSrc, htmlToPlainText, MAX_HTML_DEPTH, truncate } from './html-text.js';
import { detectLanguages } from './language.js';

export type NormalizedItem = Omit<ContentItem, 'eventId' | 'occurredAt' | 'receivedAt' | 'contentId' | 'storyId'>;

const TITLE_MAX = 300;
const SUMMARY_MAX = 1000;
// A publisher clock a few minutes ahead is common; further ahead is a wrong date, not a scoop.
const FUTURE_TOLERANCE_MS = 10 * 60_000;
const EARLIEST_MS = 946_684_800_000; // 2000-01-01, the contract's lower bound

export function normalizeItem(raw: RawItem, source: SourceContext, classifier: Classifier, now: number): Result<NormalizedItem> {
  const url = raw.url ? canonicalUrl(raw.url) : undefined;
  if (!url) return fail(aggregatorError('item_invalid', `item ${raw.externalId ?? '?'} has no absolute http(s) link`));
  const titleText = htmlToPlainText(raw.title ?? '');
  const summaryText = htmlToPlainText(raw.summary ?? raw.content ?? '');
  if (titleText === undefined || summaryText === undefined) {
    return fail(aggregatorError('item_invalid', `item ${url} has HTML nested deeper than ${MAX_HTML_DEPTH} elements`));
  }
  const title = truncate(titleText, TITLE_MAX);
  if (title === '') return fail(aggregatorError('item_invalid', `item ${url} has no title`));
  const summary = summaryText === title ? '' : truncate(summaryText, SUMMARY_MAX);

  // A feed's date a little ahead is a publisher clock; far ahead, a wrong date the feed cannot be
  // told about, so it becomes "now". An editor pushing an item can be told.
  const claimed = raw.publishedAt ?? raw.updatedAt;
  if (source.via === 'push' && claimed !== undefined && claimed > now + FUTURE_TOLERANCE_MS) {
    return fail(aggregatorError('item_invalid', `item ${url} has a publishedAt in the future`));
  }
  const publishedAt = clampPublished(claimed ?? now, now);
  if (publishedAt < EARLIEST_MS) return fail(aggregatorError('item_invalid', `item ${url} has an implausible date`));

  const input = { title, summary, feedCategories: raw.categories, sourceCategories: source.categories };
  const { categories, keywordKind, categoryKind, breaking: breakingByRules } = classifier.classify(input);
  const kind = pickKind(raw.kind, keywordKind, source.kind, categoryKind);
  const breaking = raw.priority === 'breaking' || breakingByRules;
  const priority = breaking ? 'breaking' : raw.priority ?? source.priority ?? 'normal';
  // An expiry the publisher states is kept or refused, never replaced by the default one.
  const expiresAt = raw.expiresAt ?? publishedAt + classifier.expiryMs(kind, breaking);
  if (expiresAt <= now) return fail(aggregatorError('item_expired', `item ${url} expired before it arrived`));
  if (expiresAt <= publishedAt) return fail(aggregatorError('item_invalid', `item ${url} expires before it was published`));

  const imageUrl = pickImage(raw, url);
  return ok({
    kind,
    url,
    title,
    ...(summary ? { summary } : {}),
    ...(imageUrl ? { imageUrl } : {}),
    languages: detectLanguages({
      ...(source.languages ? { configured: source.languages } : {}),
      ...(raw.language ? { declared: raw.language } : {}),
      text: `${title}. ${summary}`,
    }),
    regions: [...new Set((raw.regions ?? source.regions).map((r) => r.toUpperCase()))],
    categories,
    priority,
    publishedAt,
    expiresAt,
    source: { sourceId: source.sourceId, name: source.name, via: source.via },
  });
}

function pickKind(...candidates: (string | undefined)[]): ContentKind {
  const known = candidates.find((c): c is ContentKind => (CONTENT_KINDS as readonly string[]).includes(c ?? ''));
  return known ?? 'news';
}

function clampPublished(ms: number, now: number): number {
  return Math.round(ms > now + FUTURE_TOLERANCE_MS ? now : ms);
}

// Devices and the demo page refuse mixed content, so only https images survive; an http one is
// dropped rather than rewritten, because the host may not serve https.
function pickImage(raw: RawItem, itemUrl: string): string | undefined {
  const candidates = [raw.imageUrl, firstImageSrc(raw.summary ?? ''), firstImageSrc(raw.content ?? '')];
  for (const candidate of candidates) {
    if (!candidate) continue;
    // Resolved but not canonicalized: image CDNs sign their query strings.
    const resolved = URL.canParse(candidate, itemUrl) ? new URL(candidate, itemUrl).href : undefined;
    if (resolved?.startsWith('https://') && resolved.length <= 2048) return resolved;
  }
  return undefined;
}
