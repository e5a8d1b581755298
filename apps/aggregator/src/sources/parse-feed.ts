// Parses RSS 2.0 / RSS 1.0 / Atom text into RawItems with @rowanmanning/feed-parser. That parser
// is deliberately forgiving (it reads a truncated file as far as it goes), so the XML is first
// checked for well-formedness: a cut-off download must mark the source unhealthy, not publish
// half an item.
import { parseFeed as parseWithLibrary } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { aggregatorError, fail, messageOf, ok } from '../errors.js';
import type { Result } from '../errors.js';
import type { RawItem } from './raw-item.js';

export interface ParsedFeed {
  readonly format: 'rss' | 'atom';
  readonly language?: string;
  readonly items: RawItem[];
}

export function parseFeedText(xml: string): Result<ParsedFeed> {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { line, col, msg } = wellFormed.err;
    const reason = msg.replace(/\s+/g, ' ');
    return fail(aggregatorError('feed_malformed', `feed XML is not well-formed at line ${line}, column ${col}: ${reason}`));
  }
  let feed: ReturnType<typeof parseWithLibrary>;
  try {
    feed = parseWithLibrary(xml);
  } catch (cause) {
    return fail(aggregatorError('feed_malformed', `not an RSS or Atom feed: ${messageOf(cause)}`, { cause }));
  }
  const format = feed.meta.type === 'atom' ? 'atom' : 'rss';
  const language = feed.language ?? undefined;
  const items = feed.items.map((item): RawItem => {
    const image = item.image?.url ?? item.mediaImages[0]?.url;
    const published = item.published ?? item.updated;
    // RSS guids are permalinks unless marked otherwise; some feeds give no <link> at all.
    const url = item.url ?? (item.id && /^https?:\/\//.test(item.id) ? item.id : null);
    return {
      ...defined('externalId', item.id),
      ...defined('url', url),
      ...defined('title', item.title),
      ...defined('summary', item.description),
      ...defined('content', item.content),
      ...defined('imageUrl', image),
      ...defined('publishedAt', validTime(published)),
      ...defined('updatedAt', validTime(item.updated)),
      ...defined('language', language),
      categories: item.categories.map((c) => c.label ?? c.term).filter((c) => c.trim() !== ''),
    };
  });
  return ok({ format, ...(language ? { language } : {}), items });
}

function validTime(date: Date | null): number | undefined {
  const ms = date?.getTime();
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

// exactOptionalPropertyTypes-friendly: leave a key out rather than set it to undefined/null.
function defined<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === null || value === undefined || value === '' ? {} : ({ [key]: value } as { [P in K]?: V });
}
