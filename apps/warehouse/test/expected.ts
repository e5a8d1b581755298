// The dashboard figures computed straight from the generated events, in plain TypeScript, with
// no SQL: what each dashboard must return for the generated day.
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { Day } from './day.js';

type Row = Record<string, string | number | null>;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function groupCount<T>(items: T[], keyOf: (t: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = JSON.stringify(keyOf(item));
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

export function latestContent(day: Day): Map<string, ContentItem> {
  const latest = new Map<string, ContentItem>();
  for (const c of day.content) {
    const prev = latest.get(c.contentId);
    if (!prev || c.occurredAt > prev.occurredAt || (c.occurredAt === prev.occurredAt && c.eventId > prev.eventId)) latest.set(c.contentId, c);
  }
  return latest;
}

export function activeDevices(day: Day, hourly: boolean): Row[] {
  const groups = groupCount(day.beacons, (b) => [date(b.occurredAt), ...(hourly ? [String(new Date(b.occurredAt).getUTCHours())] : []), b.country ?? 'ZZ']);
  return [...groups].map(([k, bs]): Row => {
    const key = JSON.parse(k) as string[];
    const devices = new Set(bs.map((b) => b.deviceId)).size;
    return hourly
      ? { day: key[0]!, hour: Number(key[1]), region: key[2]!, active_devices: devices }
      : { day: key[0]!, region: key[1]!, active_devices: devices };
  });
}

export function ctrBy(day: Day, dimension: 'category' | 'language' | 'position'): Row[] {
  const latest = latestContent(day);
  const valueOf = (contentId: string, position: number): string | number => {
    if (dimension === 'position') return position;
    const c = latest.get(contentId);
    return (dimension === 'category' ? c?.categories[0] : c?.languages[0]) ?? 'unknown';
  };
  const groups = groupCount(day.interactions, (i) => [date(i.occurredAt), JSON.stringify(valueOf(i.contentId, i.position))]);
  return [...groups].map(([k, is]) => {
    const [d, v] = JSON.parse(k) as [string, string];
    const impressions = is.filter((i) => i.type === 'impression').length;
    const clicks = is.filter((i) => i.type === 'click').length;
    return { day: d, [dimension]: JSON.parse(v) as string | number, impressions, clicks, ctr: ratio(clicks, impressions) };
  });
}

export function topContent(day: Day): Row[] {
  const latest = latestContent(day);
  const groups = groupCount(day.interactions, (i) => [date(i.occurredAt), latest.get(i.contentId)?.categories[0] ?? 'unknown', i.contentId]);
  const items = [...groups].map(([k, is]) => {
    const [d, category, contentId] = JSON.parse(k) as [string, string, string];
    return { day: d, category, content_id: contentId, title: latest.get(contentId)?.title ?? null, clicks: is.filter((i) => i.type === 'click').length, impressions: is.filter((i) => i.type === 'impression').length };
  }).filter((i) => i.clicks > 0);
  return items.map((i) => ({ ...i, rank_in_category: 1 + items.filter((o) => o.day === i.day && o.category === i.category && o.clicks > i.clicks).length }))
    .filter((i) => i.rank_in_category <= 5);
}

export function freshness(day: Day): { day: string; impressions: number; ages: number[]; share_under_24h: number }[] {
  const latest = latestContent(day);
  const impressions = day.interactions.filter((i) => i.type === 'impression' && latest.has(i.contentId));
  return [...groupCount(impressions, (i) => [date(i.occurredAt)])].map(([k, is]) => {
    const ages = is.map((i) => (i.occurredAt - latest.get(i.contentId)!.publishedAt) / 60000).sort((a, b) => a - b);
    return { day: (JSON.parse(k) as string[])[0]!, impressions: is.length, ages, share_under_24h: ages.filter((a) => a < 1440).length / ages.length };
  });
}

export function coverage(day: Day): Row[] {
  const latest = [...latestContent(day).values()];
  const days = [...new Set(day.interactions.map((i) => date(i.occurredAt)))];
  return days.map((d) => {
    const live = latest.filter((c) => {
      const takedown = day.takedowns.find((t) => t.contentId === c.contentId);
      return date(c.publishedAt) <= d && date(c.expiresAt) >= d && (!takedown || date(takedown.at) >= d);
    });
    const shown = new Set(day.interactions.filter((i) => i.type === 'impression' && date(i.occurredAt) === d).map((i) => i.contentId));
    const shownLive = live.filter((c) => shown.has(c.contentId)).length;
    return { day: d, live_items: live.length, shown_items: shownLive, coverage: ratio(shownLive, live.length) };
  });
}

export function emptyFeeds(day: Day): Row[] {
  return [...groupCount(day.feeds, (f) => [date(f.occurredAt)])].map(([k, fs]) => {
    const empty = fs.filter((f) => f.cards.length === 0).length;
    return { day: (JSON.parse(k) as string[])[0]!, feeds: fs.length, empty_feeds: empty, empty_rate: empty / fs.length };
  });
}

export function dlqVolume(day: Day): Row[] {
  return [...groupCount(day.deadLetters, (d) => [date(d.occurredAt), d.source.topic, d.source.consumerGroup, d.error.code])].map(([k, ds]) => {
    const [d, topic, group, code] = JSON.parse(k) as string[];
    return { day: d!, source_topic: topic!, consumer_group: group!, error_code: code!, dead_letters: ds.length };
  });
}
