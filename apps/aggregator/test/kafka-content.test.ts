// Issue 5 acceptance over Kafka: the aggregator built as main builds it, publishing through the
// streams producer to content.v1 on the embedded broker, observed by reading content.v1 back with
// a kafkajs consumer and the contract's codec (tombstone = null value).
import type { TestBroker } from '@tessera/streams/testing';
import type { Kafka } from 'kafkajs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EDITORS_KEY } from './harness.js';
import { startKafkaHarness } from './kafka-harness.js';
import type { Instance, KafkaHarness } from './kafka-harness.js';
import { appendedCount, eventually, readContent, startTestBroker, testKafka } from './kafka-support.js';
import type { ContentReader } from './kafka-support.js';

let broker: TestBroker;
let kafka: Kafka;
let h: KafkaHarness;
let a: Instance;
let reader: ContentReader;

beforeAll(async () => { broker = await startTestBroker(); kafka = testKafka(broker); });
afterAll(async () => { await broker.close(); });
beforeEach(async () => {
  h = await startKafkaHarness(kafka);
  a = await h.start();
  reader = await readContent(kafka, h.names);
});
afterEach(async () => {
  await reader.stop();
  await h.close();
});

const appended = () => appendedCount(kafka, h.names);
const titled = (title: string) => reader.live().find((item) => item.title === title);
const auth = { authorization: `Bearer ${EDITORS_KEY}` };

describe('content.v1 on Kafka', () => {
  it('carries every feed item keyed by contentId, normalized, categorized and in the right language', async () => {
    const reports = await a.aggregator.poller.pollAll();
    expect(reports.map((r) => r.outcome)).toEqual(Array(6).fill('fetched'));
    const records = await reader.caughtUp();
    expect(records).toHaveLength(23);
    expect(records.every((r) => r.value !== null && r.key === r.value.contentId)).toBe(true);
    expect(new Set(records.map((r) => r.value?.source.sourceId)).size).toBe(6);
    expect(titled('Fortuna Rheinau dreht das Derby in der Nachspielzeit')).toMatchObject({
      kind: 'sports', languages: ['de'], categories: ['sports', 'football'], source: { via: 'rss' },
    });
    expect(titled('Aviso amarillo por viento en la costa durante el domingo')).toMatchObject({ kind: 'weather', languages: ['es'], categories: ['weather'], source: { via: 'atom' } });
    expect(titled('Les flamants roses ne naissent pas roses')).toMatchObject({ kind: 'fun_fact', languages: ['fr'] });
    expect(titled('BREAKING: Storm surge closes all three harbour bridges')).toMatchObject({
      priority: 'breaking', languages: ['en'], url: 'https://harbourledger.example/news/2026/11/22/storm-surge-bridges',
    });
  });

  it('appends nothing when the feeds answer 304', async () => {
    await a.aggregator.poller.pollAll();
    const before = await appended();
    expect(before).toBe(23);
    const reports = await a.aggregator.poller.pollAll();
    expect(reports.map((r) => r.outcome)).toEqual(Array(6).fill('not-modified'));
    expect(await appended()).toBe(before);
  });

  it('gives the same story from two feeds one story id, and the same URL one record', async () => {
    await a.aggregator.poller.pollAll();
    await reader.caughtUp();
    const ledger = titled('Deep-sea survey finds glowing shrimp colony off the Azores');
    const wire = titled('Glowing shrimp colony found by deep-sea survey off the Azores');
    expect(ledger?.source.sourceId).toBe('harbour-ledger');
    expect(wire?.source.sourceId).toBe('northwind-wire');
    expect(wire?.contentId).not.toBe(ledger?.contentId);
    expect(wire?.storyId).toBe(ledger?.storyId);
    expect(reader.live().filter((i) => i.storyId === ledger?.storyId)).toHaveLength(2);
    const barrage = reader.records.filter((r) => r.value?.url === 'https://harbourledger.example/politics/2026/11/21/tidal-barrage-approved');
    expect(barrage.map((r) => r.value?.source.sourceId)).toEqual(['harbour-ledger']);
  });

  it('writes a tombstone for a takedown, and a feed cannot bring the item back after a restart', async () => {
    await a.aggregator.poller.pollAll();
    await reader.caughtUp();
    const surge = required(titled('BREAKING: Storm surge closes all three harbour bridges'));
    const response = await fetch(`${a.api}/v1/content/${surge.contentId}`, { method: 'DELETE', headers: auth });
    expect(await response.json()).toEqual({ contentId: surge.contentId, status: 'removed' });
    const records = await reader.caughtUp();
    expect(records.at(-1)).toMatchObject({ key: surge.contentId, value: null });
    expect(records.filter((r) => r.key === surge.contentId).map((r) => r.value === null)).toEqual([false, true]);

    await a.stop();
    const b = await h.start();
    expect(b.content.known.get(surge.contentId)).toEqual({ state: 'removed' });
    const before = await appended();
    await b.aggregator.poller.pollAll();
    expect(b.reports.get('harbour-ledger')).toMatchObject({ published: 0, rejected: [{ code: 'item_removed' }] });
    expect(await appended()).toBe(before);
  });

  it('forgets an expired item across a restart, so it may come back with a new date', async () => {
    const url = 'https://editors.tessera.example/2026/11/22/short-lived';
    const push = (url: string, expiresAt: number) => fetch(`${a.api}/v1/content`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url, title: 'Ferry timetable change for this afternoon only', publishedAt: Date.now(), expiresAt }),
    });
    const { contentId: staying } = (await (await push(`${url}-staying`, Date.now() + 3_600_000)).json()) as { contentId: string };
    const { contentId } = (await (await push(url, Date.now() + 4000)).json()) as { contentId: string };
    await eventually(async () => ((await a.aggregator.pipeline.sweepExpired()).includes(contentId) ? true : undefined), 'the expiry sweep');
    const records = await reader.caughtUp();
    expect(records.filter((r) => r.key === contentId).map((r) => r.value === null)).toEqual([false, true]);

    await a.stop();
    const b = await h.start();
    expect(b.content.known.get(contentId)).toBeUndefined();
    expect(b.content.known.get(staying)).toMatchObject({ state: 'live' });
    expect((await (await fetch(`${b.api}/v1/content`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url, title: 'Ferry timetable change, again tomorrow', publishedAt: Date.now(), expiresAt: Date.now() + 3_600_000 }),
    })).json())).toMatchObject({ contentId, status: 'published' });
  });

  it('marks only the malformed source unhealthy, with the reason, while the others publish', async () => {
    const text = h.feedText('rheinblick-sport.rss');
    h.server.put('rheinblick-sport.rss', text.slice(0, Math.floor(text.length * 0.6)));
    await a.aggregator.poller.pollAll();
    const response = await fetch(`${a.api}/v1/sources`, { headers: auth });
    const { sources } = (await response.json()) as { sources: { sourceId: string; healthy: boolean; lastError?: { code: string; message: string } }[] };
    expect(sources.filter((s) => !s.healthy).map((s) => s.sourceId)).toEqual(['rheinblick-sport']);
    expect(sources.find((s) => s.sourceId === 'rheinblick-sport')?.lastError).toMatchObject({ code: 'feed_malformed', message: expect.stringMatching(/not well-formed/) });
    await reader.caughtUp();
    const bySource = (id: string) => reader.live().filter((i) => i.source.sourceId === id).length;
    expect(bySource('rheinblick-sport')).toBe(0);
    expect(bySource('el-mirador')).toBe(4);
    expect(reader.live()).toHaveLength(19);
  });

  it('rejects a bad key and bad bodies with clear 4xx errors, appending nothing; a good push arrives', async () => {
    const post = (body: string, headers: Record<string, string> = auth) =>
      fetch(`${a.api}/v1/content`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    const good = JSON.stringify({ url: 'https://editors.tessera.example/2026/11/22/lighthouse', title: 'The last lighthouse keepers of the north coast', publishedAt: Date.now() });

    const badKey = await post(good, { authorization: 'Bearer not-a-publisher-key-at-all' });
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toMatchObject({ error: { code: 'unauthorized', retriable: false } });
    const badBody = await post(JSON.stringify({ url: 'not a url', extra: 1 }));
    expect(badBody.status).toBe(400);
    const problem = (await badBody.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(problem.error.code).toBe('invalid_body');
    expect(problem.error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/title', '/extra']));
    const notJson = await post('{"url":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect(await appended()).toBe(0);

    const accepted = await post(good);
    expect(accepted.status).toBe(200);
    const { contentId } = (await accepted.json()) as { contentId: string };
    const records = await reader.caughtUp();
    expect(records).toEqual([expect.objectContaining({ key: contentId, value: expect.objectContaining({ source: expect.objectContaining({ via: 'push' }) }) })]);
  });

  it('re-emits nothing from a second instance on the same topic when the feeds are unchanged', async () => {
    await a.aggregator.poller.pollAll();
    const before = await appended();
    await a.stop();
    const b = await h.start();
    expect(b.content.replayed).toEqual({ records: before, skipped: 0 });
    expect(b.aggregator.restored).toBe(23);
    // a new process has no validators: full 200 responses, every item recognized as unchanged
    const reports = await b.aggregator.poller.pollAll();
    expect(reports.map((r) => r.outcome)).toEqual(Array(6).fill('fetched'));
    expect(b.reports.get('harbour-ledger')).toMatchObject({ published: 0, unchanged: 5 });
    expect(await appended()).toBe(before);
    // a changed item is still published, with its story id kept
    const crossword = b.content.known.get([...b.content.known.live()].find((i) => i.title.startsWith('Daily crossword'))?.contentId ?? '');
    h.server.put('puzzle-corner.atom', h.feedText('puzzle-corner.atom').replace('Sunday special', 'Sunday special (corrected grid)'));
    await b.aggregator.poller.pollNow('puzzle-corner');
    expect(await appended()).toBe(before + 1);
    const records = await reader.caughtUp();
    const corrected = records.filter((r) => r.value?.title === 'Daily crossword #1042: Sunday special (corrected grid)');
    expect(corrected).toHaveLength(1);
    expect(corrected[0]?.value?.storyId).toBe(crossword?.state === 'live' ? crossword.item.storyId : 'missing');
  });
});

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected item was not read back from content.v1');
  return value;
}
