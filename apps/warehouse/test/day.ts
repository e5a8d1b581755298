// A generated day of Tessera events (2026-11-21 UTC, plus a few minutes of the next day), as
// consumed Kafka records ready for the archiver, and the same events as plain objects so tests
// compute the expected dashboard figures independently of any SQL. Seeded: same day every run.
import type { ConsumedRecord } from '@tessera/archive/record';
import { encodeValue } from '@tessera/contracts/codec';
import type { EventOf } from '@tessera/contracts/events';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { EnrichedBeacon, EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { TopicName, TopicValueName } from '@tessera/contracts/topics';

export const DAY = Date.UTC(2026, 10, 21);
const MIN = 60_000;
const HOUR = 60 * MIN;
const PARTITIONS = 3;

export const CATEGORIES = ['football', 'science', 'music', 'tech'] as const;
export const LANGUAGES = ['en', 'fr', 'de'] as const;
export const COUNTRIES = ['GB', 'FR', 'DE', undefined] as const;

export interface Day {
  records: ConsumedRecord[];
  content: ContentItem[];
  takedowns: { contentId: string; at: number }[];
  beacons: EnrichedBeacon[];
  feeds: Feed[];
  /** Unique interactions (duplicates delivered twice are listed once here). */
  interactions: EnrichedInteraction[];
  deadLetters: DeadLetter[];
  /** Records that cannot be decoded for the warehouse schema (archived raw). */
  refused: number;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let idCounter = 0;
function ulid(): string {
  let n = ++idCounter;
  let out = '';
  for (let i = 0; i < 25; i++) { out = CROCKFORD[n % 32]! + out; n = Math.floor(n / 32); }
  return `0${out}`;
}

export function generateDay(seed = 7): Day {
  idCounter = 0;
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const pending: { topic: TopicName; partition: number; at: number; key: string; value: Buffer | null }[] = [];
  const emit = <T extends TopicName>(topic: T, key: string, at: number, value: EventOf<TopicValueName<T>> | null, partition = hash(key) % PARTITIONS): void => {
    let bytes: Buffer | null = null;
    if (value !== null) {
      const encoded = encodeValue(topic, value as never);
      if (!encoded.ok) throw new Error(`${topic}: ${encoded.error.message}`);
      bytes = encoded.value;
    }
    pending.push({ topic, partition: topic === 'content.v1' || topic === 'dlq.v1' ? 0 : partition, at, key, value: bytes });
  };

  // Content: 30 items published over the two days before and during the day; some revised.
  const content: ContentItem[] = [];
  const latest = new Map<string, ContentItem>();
  for (let i = 0; i < 30; i++) {
    const publishedAt = DAY - 36 * HOUR + Math.floor(random() * 52 * HOUR);
    const item: ContentItem = {
      eventId: ulid(), occurredAt: publishedAt + 2 * MIN, receivedAt: publishedAt + 2 * MIN + 100,
      contentId: `c-${i}`, storyId: `s-${i}`, kind: 'news', url: `https://example.com/${i}`, title: `Item ${i}`,
      languages: [pick(LANGUAGES)], regions: [], categories: [pick(CATEGORIES)], priority: 'normal',
      publishedAt, expiresAt: publishedAt + (12 + Math.floor(random() * 60)) * HOUR,
      source: { sourceId: 'src-1', name: 'Example', via: 'rss' },
    };
    content.push(item);
    latest.set(item.contentId, item);
    emit('content.v1', item.contentId, item.occurredAt, item);
    if (i % 5 === 0) {
      // A later revision moves the item to another category and language: dashboards use the latest.
      const revision: ContentItem = { ...item, eventId: ulid(), occurredAt: item.occurredAt + 30 * MIN, categories: [CATEGORIES[(CATEGORIES.indexOf(item.categories[0] as never) + 1) % 4]!], languages: [LANGUAGES[(LANGUAGES.indexOf(item.languages[0] as never) + 1) % 3]!] };
      content.push(revision);
      latest.set(item.contentId, revision);
      emit('content.v1', item.contentId, revision.occurredAt, revision);
    }
  }
  const takedowns = [{ contentId: 'c-3', at: DAY - 2 * HOUR }, { contentId: 'c-7', at: DAY + 15 * HOUR }];
  for (const t of takedowns) emit('content.v1', t.contentId, t.at, null);

  // Devices: 40 users, one device each, beaconing through the day.
  const beacons: EnrichedBeacon[] = [];
  const feeds: Feed[] = [];
  const interactions: EnrichedInteraction[] = [];
  const duplicates: EnrichedInteraction[] = [];
  for (let u = 0; u < 40; u++) {
    const userId = `u-${u}`;
    const deviceId = `d-${u}`;
    const country = COUNTRIES[u % COUNTRIES.length];
    const beaconCount = 2 + Math.floor(random() * 10);
    for (let b = 0; b < beaconCount; b++) {
      const occurredAt = DAY + Math.floor(random() * 24 * HOUR) + (u === 0 && b === 0 ? 24 * HOUR : 0);
      const beacon: EnrichedBeacon = {
        eventId: ulid(), occurredAt, receivedAt: occurredAt + 200, userId, deviceId, appState: 'locked', locale: 'en-GB',
        ...(country ? { country } : {}), platform: 'android', appVersion: '1.2.3', enrichedAt: occurredAt + 300,
      };
      beacons.push(beacon);
      emit('beacons.enriched.v1', userId, occurredAt, beacon);
    }
    const feedCount = 2 + Math.floor(random() * 4);
    for (let f = 0; f < feedCount; f++) {
      const occurredAt = DAY + Math.floor(random() * 24 * HOUR);
      const live = [...latest.values()].filter((c) => c.publishedAt <= occurredAt && c.expiresAt > occurredAt && !takedowns.some((t) => t.contentId === c.contentId && t.at <= occurredAt));
      const size = random() < 0.15 ? 0 : Math.min(live.length, 1 + Math.floor(random() * 5));
      const chosen = [...live].sort(() => random() - 0.5).slice(0, size);
      const feed: Feed = {
        eventId: ulid(), feedId: ulid(), occurredAt, userId, model: { name: 'ctr', version: 'v1' }, trigger: 'beacon',
        cards: chosen.map((c, position) => ({
          contentId: c.contentId, position, score: 0.5, reasons: ['popular'], sourceName: c.source.name,
          content: { kind: c.kind, url: c.url, title: c.title, languages: c.languages, publishedAt: c.publishedAt, expiresAt: c.expiresAt, priority: c.priority },
        })),
      };
      feeds.push(feed);
      emit('recommendations.v2', userId, occurredAt, feed);
      for (const card of feed.cards) {
        if (random() < 0.2) continue;
        const shownAt = occurredAt + 1000 + Math.floor(random() * 5 * MIN);
        const base = { userId, deviceId, contentId: card.contentId, feedId: feed.feedId, position: card.position, enrichedAt: shownAt + 900 };
        const impression: EnrichedInteraction = { ...base, eventId: ulid(), occurredAt: shownAt, receivedAt: shownAt + 500, type: 'impression', onScreenMs: 1500 };
        interactions.push(impression);
        if (random() < 0.3 - card.position * 0.05) {
          const at = shownAt + 4000;
          interactions.push({ ...base, eventId: ulid(), occurredAt: at, receivedAt: at + 500, type: 'click' });
        }
      }
    }
  }
  for (const i of interactions) emit('interactions.enriched.v1', i.userId, i.occurredAt, i);
  // Every tenth interaction is delivered twice (a producer retry): same eventId, a new offset.
  for (const i of interactions.filter((_, n) => n % 10 === 0)) duplicates.push(i);
  for (const i of duplicates) emit('interactions.enriched.v1', i.userId, i.occurredAt + 1, i);

  const deadLetters: DeadLetter[] = [];
  const sources = [['interactions.v1', 'interactions-enricher', 'schema_violation'], ['beacons.v1', 'beacon-enricher', 'invalid_json'], ['interactions.v1', 'interactions-enricher', 'invalid_json']] as const;
  for (let d = 0; d < 14; d++) {
    const [topic, consumerGroup, code] = sources[d % 3]!;
    const occurredAt = DAY + Math.floor(random() * 24 * HOUR);
    const letter: DeadLetter = {
      eventId: ulid(), occurredAt, source: { topic, partition: 0, offset: String(d), consumerGroup },
      error: { code, message: 'bad', retriable: false, attempts: 1 }, key: null, value: Buffer.from('x').toString('base64'), headers: [],
    };
    deadLetters.push(letter);
    emit('dlq.v1', `k-${d}`, occurredAt, letter);
  }

  // Kafka order: per partition by time, offsets from 0; a refused (undecodable) interaction mid-stream.
  pending.sort((a, b) => a.at - b.at);
  const records: ConsumedRecord[] = [];
  const nextOffset = new Map<string, number>();
  const push = (p: { topic: string; partition: number; at: number; key: string; value: Buffer | null }) => {
    const tp = `${p.topic}/${p.partition}`;
    const offset = nextOffset.get(tp) ?? 0;
    nextOffset.set(tp, offset + 1);
    records.push({ topic: p.topic, partition: p.partition, offset: String(offset), timestamp: String(p.at + 50), key: Buffer.from(p.key), value: p.value });
  };
  pending.forEach((p, n) => {
    push(p);
    if (n === Math.floor(pending.length / 2)) push({ topic: 'interactions.enriched.v1', partition: 1, at: p.at, key: 'u-x', value: Buffer.from('{"type":"hover"}') });
  });
  return { records, content, takedowns, beacons, feeds, interactions, deadLetters, refused: 1 };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
