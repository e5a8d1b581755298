import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeedText } from './parse-feed.js';

const demo = (name: string) => readFileSync(new URL(`../../demo/feeds/${name}`, import.meta.url), 'utf8');

describe('parseFeedText', () => {
  it('reads RSS 2.0 items with their link, dates, categories, media image and the feed language', () => {
    const result = parseFeedText(demo('harbour-ledger.rss'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.format).toBe('rss');
    expect(result.value.items).toHaveLength(5);
    expect(result.value.items[0]).toMatchObject({
      externalId: 'hl-2026-11-22-0740',
      title: 'BREAKING: Storm surge closes all three harbour bridges',
      publishedAt: Date.parse('2026-11-22T07:40:00Z'),
      categories: ['Breaking News', 'UK'],
      imageUrl: 'https://img.harbourledger.example/2026/11/bridges-surge.jpg',
      language: 'en-gb',
    });
  });

  it('reads Atom entries and xml:lang', () => {
    const result = parseFeedText(demo('puzzle-corner.atom'));
    expect(result.ok && result.value.format).toBe('atom');
    if (!result.ok) return;
    expect(result.value.items[0]).toMatchObject({ url: 'https://puzzlecorner.example/crossword/1042', categories: ['Crossword'], language: 'en-US' });
  });

  it('falls back to a permalink guid when an item has no link', () => {
    const result = parseFeedText('<rss version="2.0"><channel><title>x</title><item><title>A</title><guid>https://a.example/x</guid></item></channel></rss>');
    expect(result.ok && result.value.items[0]?.url).toBe('https://a.example/x');
  });

  it('reports a truncated download as malformed with its position, not as a shorter feed', () => {
    const text = demo('harbour-ledger.rss');
    const result = parseFeedText(text.slice(0, text.length / 2));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'feed_malformed', retriable: false });
    expect(result.error.message).toMatch(/^feed XML is not well-formed at line \d+/);
  });

  it('reports an HTML error page as not a feed', () => {
    const result = parseFeedText('<html><body><h1>Gateway timeout</h1></body></html>');
    expect(result.ok ? undefined : result.error.message).toMatch(/^not an RSS or Atom feed/);
  });
});
