// The recommender as a real process (src/main.ts through tsx), SIGKILLed while it works through a
// backlog of interactions and started again: afterwards every item's window buckets and totals in
// Redis equal the counts computed independently from what was produced, event for event (nothing
// counted twice, nothing lost; re-published duplicates once; events beyond the grace period not at all).
import { fileURLToPath } from 'node:url';
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { InteractionType } from '@tessera/contracts/schemas/interaction';
import { spawnApp, stopProcessesAfterEach, tempDir } from '@tessera/platform/testing/app-process';
import { eventually } from '@tessera/streams/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributes, interaction, item, startHarness } from './support.js';
import type { Harness } from './support.js';

stopProcessesAfterEach();
const APP_DIR = fileURLToPath(new URL('../', import.meta.url));

let h: Harness;
beforeAll(async () => {
  // The in-process recommender of the harness is stopped: the process under test does the work.
  h = await startHarness();
  await h.recommender.stop();
});
afterAll(async () => { await h?.close(); });

const GRANULARITIES = [['10s', 10_000], ['1m', 60_000], ['5m', 300_000]] as const;
const METRICS: Record<InteractionType, string[]> = {
  impression: ['impression'], click: ['click', 'engagement'], watch: ['watch', 'engagement'], like: ['like', 'engagement'],
  share: ['share', 'engagement'], dismiss: ['dismiss'], scroll: [],
};

/** Expected counts per Redis hash key and field, computed here from the events alone. */
function expectedCounts(events: readonly EnrichedInteraction[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (key: string, field: string) => {
    let m = out.get(key);
    if (!m) out.set(key, (m = new Map()));
    m.set(field, (m.get(field) ?? 0) + 1);
  };
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    const at = Math.min(e.occurredAt, e.receivedAt);
    if (e.receivedAt - at > 5 * 60_000) continue;
    for (const metric of METRICS[e.type]) {
      add(redisKeys.contentTotals(e.contentId), metric);
      for (const [g, ms] of GRANULARITIES) add(redisKeys.contentCounts(e.contentId, g, at - (at % ms)), metric);
    }
  }
  return out;
}

describe('recommender process', () => {
  it('SIGKILLed mid-backlog and restarted, ends with window counts equal to the events, event for event', async () => {
    const items = Array.from({ length: 12 }, (_, i) => item(h, i));
    await h.producer.send('content.v1', items);
    const types: InteractionType[] = ['impression', 'impression', 'impression', 'click', 'like', 'share', 'dismiss', 'watch', 'scroll'];
    const now = Date.now();
    const events: EnrichedInteraction[] = [];
    for (let i = 0; i < 4_000; i += 1) {
      const type = types[i % types.length]!;
      const occurredAt = now - ((i * 7_919) % (30 * 60_000));
      // Every 97th event arrives 8 minutes late: beyond the grace period.
      const receivedAt = i % 97 === 0 ? occurredAt + 8 * 60_000 : occurredAt + 300;
      events.push(interaction(`${h.id}-u${i % 50}`, items[(i * 31) % items.length]!.contentId, type, attributes(h), { occurredAt, receivedAt }));
    }
    // Re-published duplicates (an upstream replay): same eventIds, new offsets.
    const duplicates = events.slice(100, 160);
    const expected = expectedCounts([...events, ...duplicates]);
    const expectedTotal = [...expected].filter(([k]) => k.endsWith(':totals')).reduce((n, [, m]) => n + [...m.values()].reduce((a, b) => a + b, 0), 0);
    for (let i = 0; i < events.length; i += 500) await h.producer.send('interactions.enriched.v1', events.slice(i, i + 500));
    await h.producer.send('interactions.enriched.v1', duplicates);

    const archive = await tempDir('recommender-crash-');
    const env = {
      KAFKA_BROKERS: h.broker.brokers.join(','), TOPIC_PREFIX: h.names.prefix, PROVISION_TOPICS: 'false', REDIS_URL: 'redis://127.0.0.1:6379',
      OPS_PORT: '0', ARCHIVE_DIR: archive, KAFKA_SESSION_TIMEOUT: '6000', LOG_LEVEL: 'info', FEED_CONCURRENCY: '4',
    };
    const applied = async () => {
      let n = 0;
      for (const it of items) {
        const totals = await h.redis.hgetall(redisKeys.contentTotals(it.contentId));
        for (const [field, value] of Object.entries(totals)) if (!field.startsWith('wm:') && !field.endsWith('At')) n += Number(value);
      }
      return n;
    };

    const first = spawnApp({ cwd: APP_DIR, entry: 'src/main.ts', env });
    await first.waitForLog('recommender running', 60_000);
    await eventually(async () => ((await applied()) > expectedTotal / 4 ? true : undefined), 'a quarter of the backlog counted', 90_000);
    await first.kill();
    expect(await applied()).toBeLessThan(expectedTotal);

    const second = spawnApp({ cwd: APP_DIR, entry: 'src/main.ts', env });
    await second.waitForLog('recommender running', 60_000);
    await eventually(async () => ((await applied()) === expectedTotal ? true : undefined), 'the whole backlog counted', 240_000);
    expect(await second.stop('SIGTERM')).toBe(0);

    const differences: string[] = [];
    for (const [key, fields] of expected) {
      const stored = await h.redis.hgetall(key);
      for (const [field, count] of fields) if (Number(stored[field] ?? 0) !== count) differences.push(`${key} ${field}: ${stored[field] ?? 0}, expected ${count}`);
      const extra = Object.keys(stored).filter((f) => !f.startsWith('wm:') && !f.endsWith('At') && !fields.has(f));
      if (extra.length > 0) differences.push(`${key}: unexpected ${extra.join(', ')}`);
    }
    expect(differences).toEqual([]);
    // The budget is the sum of the waits above: on a busy machine a restart and a 4,000-event
    // backlog take minutes, and each wait names what it waited for when it gives up.
  }, 600_000);
});
