// Acceptance over real local HTTP: the demo feed server, the poller's conditional GETs, the
// pipeline, and content.v1 in memory (kafka-content.test.ts observes the same on Kafka).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentItem } from '../src/content-contract.js';
import { startFeedHarness } from './harness.js';
import type { FeedHarness } from './harness.js';
import { DEMO_EPOCH, demoFeed } from './support.js';

let h: FeedHarness;
beforeEach(async () => { h = await startFeedHarness(); });
afterEach(async () => { await h.close(); });

const live = () => h.content.records.map((r) => r.value).filter((v): v is ContentItem => v !== null);
const byTitle = (title: string) => live().find((item) => item.title === title);

describe('feeds to content.v1', () => {
  it('publishes every source\'s items normalized, categorized and in the right language', async () => {
    const reports = await h.poller.pollAll();
    expect(reports.every((r) => r.outcome === 'fetched')).toBe(true);
    const items = live();
    expect(items).toHaveLength(23);
    expect(new Set(items.map((i) => i.source.sourceId)).size).toBe(6);

    expect(byTitle('Fortuna Rheinau dreht das Derby in der Nachspielzeit')).toMatchObject({
      kind: 'sports', languages: ['de'], regions: ['DE', 'AT', 'CH'], categories: ['sports', 'football'],
      imageUrl: 'https://bilder.rheinblick-sport.example/2026/11/derby.jpg', source: { via: 'rss', name: 'Rheinblick Sport' },
    });
    // El Mirador and Le Petit Curieux declare no language: detected
    expect(byTitle('Aviso amarillo por viento en la costa durante el domingo')).toMatchObject({ kind: 'weather', languages: ['es'], categories: ['weather'], source: { via: 'atom' } });
    expect(byTitle('Les flamants roses ne naissent pas roses')).toMatchObject({ kind: 'fun_fact', languages: ['fr'], categories: ['trivia', 'animals'] });
    expect(byTitle('Daily crossword #1042: Sunday special')).toMatchObject({ kind: 'game', languages: ['en'], categories: ['crosswords', 'games'] });

    const surge = byTitle('BREAKING: Storm surge closes all three harbour bridges');
    expect(surge).toMatchObject({
      priority: 'breaking', kind: 'news', languages: ['en'],
      url: 'https://harbourledger.example/news/2026/11/22/storm-surge-bridges',
      summary: 'Police have closed the North, Mill and Quay bridges after the tide rose 1.4 metres above forecast. Ferries are suspended until at least noon.',
      publishedAt: Date.parse('2026-11-22T07:40:00Z'),
      expiresAt: Date.parse('2026-11-22T13:40:00Z'),
    });
    // http image dropped (devices refuse mixed content); HTML entities decoded
    const ferry = byTitle('Local startup unveils solar-powered electric ferry');
    expect(ferry?.imageUrl).toBeUndefined();
    expect(ferry?.summary).toMatch(/^Tidewatt's 40-seat catamaran charges from panels on its roof & at the quay\./);
  });

  it('publishes nothing new when the feeds answer 304', async () => {
    await h.poller.pollAll();
    const published = h.content.records.length;
    const reports = await h.poller.pollAll();
    expect(reports.map((r) => r.outcome)).toEqual(Array(6).fill('not-modified'));
    expect(h.content.records).toHaveLength(published);
    const conditional = h.server.requests.slice(6);
    expect(conditional.every((r) => r.status === 304 && r.ifNoneMatch !== undefined)).toBe(true);
  });

  it('publishes only the changed item when a feed changes', async () => {
    await h.poller.pollAll();
    const before = h.content.records.length;
    h.server.put('puzzle-corner.atom', demoFeed('puzzle-corner.atom').replace('Sunday special', 'Sunday special (corrected grid)'));
    expect(await h.poller.pollNow('puzzle-corner')).toEqual({ sourceId: 'puzzle-corner', outcome: 'fetched', items: 3 });
    expect(h.content.records.slice(before).map((r) => r.value?.title)).toEqual(['Daily crossword #1042: Sunday special (corrected grid)']);
  });

  it('gives the same story from two feeds one story id, and the same URL one item', async () => {
    await h.poller.pollAll();
    const ledger = byTitle('Deep-sea survey finds glowing shrimp colony off the Azores');
    const wire = byTitle('Glowing shrimp colony found by deep-sea survey off the Azores');
    expect(ledger && wire).toBeTruthy();
    expect(wire?.contentId).not.toBe(ledger?.contentId);
    expect(wire?.storyId).toBe(ledger?.storyId);
    const otherStories = live().filter((i) => i.contentId !== ledger?.contentId && i.contentId !== wire?.contentId);
    expect(otherStories.every((i) => i.storyId !== ledger?.storyId)).toBe(true);

    // Northwind links the Ledger's barrage story with tracking parameters: one item, the Ledger's
    const barrage = live().filter((i) => i.url === 'https://harbourledger.example/politics/2026/11/21/tidal-barrage-approved');
    expect(barrage.map((i) => i.source.sourceId)).toEqual(['harbour-ledger']);
    expect(h.reports.get('northwind-wire')).toMatchObject({ duplicates: 1 });
  });

  it('marks only the malformed source unhealthy, with the reason, while the others publish', async () => {
    const text = demoFeed('rheinblick-sport.rss');
    h.server.put('rheinblick-sport.rss', text.slice(0, Math.floor(text.length * 0.6)));
    const reports = await h.poller.pollAll();
    expect(reports.filter((r) => r.outcome === 'failed').map((r) => r.sourceId)).toEqual(['rheinblick-sport']);
    const health = h.poller.health();
    const broken = health.find((s) => s.sourceId === 'rheinblick-sport');
    expect(broken).toMatchObject({ healthy: false, consecutiveFailures: 1, lastError: { code: 'feed_malformed' } });
    expect(broken?.lastError?.message).toMatch(/^feed XML is not well-formed at line \d+, column \d+/);
    expect(health.filter((s) => s.healthy)).toHaveLength(5);
    expect(live().some((i) => i.source.sourceId === 'rheinblick-sport')).toBe(false);
    expect(live().filter((i) => i.source.sourceId === 'el-mirador')).toHaveLength(4);

    // fixed feed: healthy again, and its items arrive (validators of a failed poll were not kept)
    h.server.put('rheinblick-sport.rss', text);
    expect(await h.poller.pollNow('rheinblick-sport')).toMatchObject({ outcome: 'fetched' });
    expect(h.poller.health().find((s) => s.sourceId === 'rheinblick-sport')?.healthy).toBe(true);
    expect(live().filter((i) => i.source.sourceId === 'rheinblick-sport')).toHaveLength(4);
  });

  it('backs off a failing source and reports HTTP errors and timeouts as retriable', async () => {
    h.server.fault('el-mirador.atom', { status: 503 });
    h.server.fault('puzzle-corner.atom', { stall: true });
    await Promise.all([h.poller.pollNow('el-mirador'), h.poller.pollNow('el-mirador')]);
    const first = h.poller.health().find((s) => s.sourceId === 'el-mirador');
    // two polls at once join into one request
    expect(h.server.requests.filter((r) => r.name === 'el-mirador.atom')).toHaveLength(1);
    expect(first).toMatchObject({ healthy: false, consecutiveFailures: 1, lastError: { code: 'feed_http_status', message: expect.stringMatching(/^HTTP 503/) } });
    await h.poller.pollNow('el-mirador');
    const second = h.poller.health().find((s) => s.sourceId === 'el-mirador');
    expect(second?.consecutiveFailures).toBe(2);
    // nextPollAt grows with failures (clock is fixed, random fixed at 0.5): 0.75 * 2 and 0.75 * 4 intervals
    expect((first?.nextPollAt ?? 0) - DEMO_EPOCH).toBe(90_000);
    expect((second?.nextPollAt ?? 0) - DEMO_EPOCH).toBe(180_000);

    h.poller.update(h.sources.map((s) => (s.id === 'puzzle-corner' ? { ...s, timeoutMs: 200 } : s)));
    const stalled = await h.poller.pollNow('puzzle-corner');
    expect(stalled).toMatchObject({ outcome: 'failed', error: { code: 'feed_timeout', retriable: true } });
    expect(h.poller.health().filter((s) => s.healthy).map((s) => s.sourceId).sort())
      .toEqual(['harbour-ledger', 'northwind-wire', 'petit-curieux', 'rheinblick-sport']);
  });

  it('does not re-emit unchanged items after a restart', async () => {
    await h.poller.pollAll();
    const published = h.content.records.length;
    await h.restart();
    const reports = await h.poller.pollAll();
    // a new process has no validators: full 200 responses, every item recognized as unchanged
    expect(reports.map((r) => r.outcome)).toEqual(Array(6).fill('fetched'));
    expect(h.content.records).toHaveLength(published);
    expect(h.reports.get('harbour-ledger')).toMatchObject({ published: 0, unchanged: 5 });
  });

  it('tombstones expired items on the sweep', async () => {
    await h.poller.pollAll();
    h.clock.set(Date.parse('2026-11-22T14:00:00Z'));
    const expired = await h.pipeline.sweepExpired();
    const tombstoned = h.content.records.filter((r) => r.value === null).map((r) => r.key);
    expect(tombstoned).toEqual(expired);
    const titles = live().filter((i) => expired.includes(i.contentId)).map((i) => i.title).sort();
    expect(titles).toEqual([
      'BREAKING: Storm surge closes all three harbour bridges',
      'Eilmeldung: Nationaltrainerin tritt nach acht Jahren zurück',
    ]);
  });

  it('polls every source on its own once started', async () => {
    h.aggregator.start();
    await vi.waitFor(() => expect(h.reports.size).toBe(6), { timeout: 10_000, interval: 20 });
    expect(h.poller.health().every((s) => s.healthy && s.lastSuccessAt === DEMO_EPOCH)).toBe(true);
    expect(live()).toHaveLength(23);
  });

  it('applies a reloaded source list: new sources are polled, removed ones are not', async () => {
    h.poller.update(h.sources.filter((s) => s.id !== 'puzzle-corner'));
    const reports = await h.poller.pollAll();
    expect(reports.map((r) => r.sourceId)).not.toContain('puzzle-corner');
    expect(h.poller.health()).toHaveLength(5);
  });
});
