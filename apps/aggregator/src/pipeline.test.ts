import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, defaultClassifier, feedSource, testClock } from '../test/support.js';
import { createMemoryContent } from './memory-content.js';
import { createPipeline } from './pipeline.js';
import type { RawItem } from './sources/raw-item.js';

const HOUR = 3_600_000;
const classifier = defaultClassifier();

const item = (n: number, extra: Partial<RawItem> = {}): RawItem => ({
  url: `https://n.example/story/${n}?utm_source=rss`,
  title: `Council approves harbour plan number ${n} after long debate`,
  summary: `<p>The plan ${n} covers new quays, a ferry terminal and flood walls along the river front.</p>`,
  publishedAt: DEMO_EPOCH - HOUR,
  categories: ['Politics'],
  language: 'en',
  ...extra,
});

function setup() {
  const clock = testClock(DEMO_EPOCH);
  const content = createMemoryContent();
  const pipeline = createPipeline({ sink: content, known: content, classifier, now: clock.now });
  return { clock, content, pipeline };
}

describe('pipeline', () => {
  it('publishes valid ContentItems keyed by a contentId of the canonical URL', async () => {
    const { content, pipeline } = setup();
    const report = await pipeline.ingestBatch(feedSource('ledger'), [item(1), item(2)]);
    expect(report).toMatchObject({ published: 2, unchanged: 0, rejected: [] });
    const first = content.records[0]?.value;
    expect(first).toMatchObject({ url: 'https://n.example/story/1', kind: 'news', languages: ['en'], categories: ['politics', 'news'], priority: 'normal' });
    expect(first?.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(content.records[0]?.key).toBe(first?.contentId);
  });

  it('skips unchanged items and publishes a new revision of a changed one', async () => {
    const { content, pipeline } = setup();
    await pipeline.ingestBatch(feedSource('ledger'), [item(1), item(2)]);
    const again = await pipeline.ingestBatch(feedSource('ledger'), [item(1), item(2, { title: 'Council approves harbour plan number 2, with changes' })]);
    expect(again).toMatchObject({ published: 1, unchanged: 1 });
    expect(content.records).toHaveLength(3);
    const [, second, revision] = content.records;
    expect(revision?.key).toBe(second?.key);
    expect(revision?.value?.storyId).toBe(second?.value?.storyId);
    expect(revision?.value?.eventId).not.toBe(second?.value?.eventId);
  });

  it('does not re-emit after a restart when content.v1 already holds the items', async () => {
    const { content, pipeline, clock } = setup();
    await pipeline.ingestBatch(feedSource('ledger'), [item(1), item(2, { publishedAt: undefined })]);
    clock.advance(HOUR);
    const restarted = createPipeline({ sink: content, known: content, classifier, now: clock.now });
    expect(restarted.restore()).toBe(2);
    const report = await restarted.ingestBatch(feedSource('ledger'), [item(1), item(2, { publishedAt: undefined })]);
    expect(report).toMatchObject({ published: 0, unchanged: 2 });
    expect(content.records).toHaveLength(2);
  });

  it('treats the same URL from a second feed as the first feed\'s item', async () => {
    const { content, pipeline } = setup();
    await pipeline.ingestBatch(feedSource('ledger'), [item(1)]);
    const report = await pipeline.ingestBatch(feedSource('wire'), [item(1, { url: 'https://N.example/story/1#top', title: 'Wire: harbour plan' })]);
    expect(report).toMatchObject({ published: 0, duplicates: 1 });
    expect(content.records).toHaveLength(1);
  });

  it('turns a takedown into a tombstone that feeds cannot undo but editors can', async () => {
    const { content, pipeline } = setup();
    await pipeline.ingestBatch(feedSource('ledger'), [item(1)]);
    const contentId = content.records[0]!.key;
    expect(await pipeline.takedown(contentId)).toEqual({ status: 'removed' });
    expect(content.records[1]).toEqual({ key: contentId, value: null, reason: 'takedown' });
    expect(await pipeline.takedown(contentId)).toEqual({ status: 'already_removed' });
    expect(await pipeline.takedown('c-00000000000000000000000000000000')).toEqual({ status: 'not_found' });

    const fromFeed = await pipeline.ingestBatch(feedSource('ledger'), [item(1)]);
    expect(fromFeed.rejected.map((e) => e.code)).toEqual(['item_removed']);
    const fromEditors = await pipeline.ingestOne(feedSource('editors', { via: 'push' }), item(1));
    expect(fromEditors).toMatchObject({ status: 'published', contentId });
  });

  it('tombstones items when they expire, breaking news first', async () => {
    const { content, pipeline, clock } = setup();
    await pipeline.ingestBatch(feedSource('ledger'), [item(1, { title: 'BREAKING: harbour bridges closed by the storm surge' }), item(2)]);
    const [breaking, normal] = content.records.map((r) => r.key);
    clock.set(DEMO_EPOCH + 6 * HOUR);
    expect(await pipeline.sweepExpired()).toEqual([breaking]);
    clock.set(DEMO_EPOCH + 48 * HOUR);
    expect(await pipeline.sweepExpired()).toEqual([normal]);
    expect(content.records.slice(2)).toEqual([
      { key: breaking, value: null, reason: 'expired' },
      { key: normal, value: null, reason: 'expired' },
    ]);
  });

  it('rejects items without link or title and items that expired before they arrived', async () => {
    const { pipeline } = setup();
    const report = await pipeline.ingestBatch(feedSource('ledger'), [
      item(1, { url: undefined }),
      item(2, { title: '<p> </p>' }),
      item(3, { publishedAt: DEMO_EPOCH - 72 * HOUR }),
    ]);
    expect(report.rejected.map((e) => e.code)).toEqual(['item_invalid', 'item_invalid', 'item_expired']);
  });

  it('stops the batch at a failed publish and publishes it on the next attempt', async () => {
    let failNext = true;
    const content = createMemoryContent({ onPublish: () => { if (failNext) { failNext = false; throw new Error('broker unavailable'); } } });
    const pipeline = createPipeline({ sink: content, known: content, classifier, now: () => DEMO_EPOCH });
    const failed = await pipeline.ingestBatch(feedSource('ledger'), [item(1), item(2)]);
    expect(failed.error).toMatchObject({ code: 'publish_failed', retriable: true });
    expect(content.records).toHaveLength(0);
    const retried = await pipeline.ingestBatch(feedSource('ledger'), [item(1), item(2)]);
    expect(retried).toMatchObject({ published: 2 });
  });
});
