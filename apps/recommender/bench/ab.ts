// The A/B simulation: a seeded population with hidden preferences (packages/population) uses the
// recommender's served feeds in rounds, in a closed loop through the real pipeline. Every round
// each user looks at the first `shown` cards of their latest feed; the population's click model
// draws what they do (impression, click, like, share, dismiss), those events go to
// interactions.enriched.v1, and the recommender answers each user with a new feed. Half the users
// (the recommender's own stable hash, MODEL_ARM_PERCENT 50) are in the model arm, half in the
// windowed-popularity control arm.
//   warm-up   `warmup` rounds with no model (both arms rank by popularity, with the exploration
//             card); then the warm-up events and the catalogue are archived and the trainer's own
//             run trains a model on them and releases it on models.v1; the recommender loads it;
//   measure   `rounds` rounds: served-feed CTR (clicks per card shown) per arm, with 95 %
//             intervals from a bootstrap over users (a user's cards are not independent draws).
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedBeacon, EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { InteractionType } from '@tessera/contracts/schemas/interaction';
import { generateCatalogue } from '@tessera/population/catalogue';
import type { CatalogueItem } from '@tessera/population/catalogue';
import { clickProbability, drawOutcome } from '@tessera/population/click-model';
import { seededUuid } from '@tessera/population/ids';
import { generateUsers } from '@tessera/population/users';
import type { SimUser } from '@tessera/population/users';
import { mulberry32 } from '@tessera/ranking/random';
import { armOf } from '../src/feeds/arms.js';
import type { Arm } from '../src/feeds/arms.js';
import { SETTINGS } from './throughput.js';
import { log, markActive, metricValue, publishContent, putProfiles, sleep, startRecommenderProcess, trainAndRelease, watchFeeds } from './world.js';
import type { World } from './world.js';

export interface AbOptions {
  readonly users: number;
  readonly items: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly shown: number;
  readonly seed: number;
}

export interface ArmTally {
  readonly users: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number;
  readonly interval: [number, number];
  /** Mean true click probability of the cards shown (the click model's, not drawn). */
  readonly expectedCtr: number;
}

export interface AbResult {
  readonly model: ArmTally;
  readonly control: ArmTally;
  readonly ratio: number;
  readonly ratioInterval: [number, number];
  readonly expectedRatio: number;
  readonly release: string;
  readonly trainingEvents: number;
  readonly missedFeeds: number;
  readonly modelFeeds: number;
}

interface PerUser { impressions: number; clicks: number; expected: number }

export async function runAb(world: World, o: AbOptions): Promise<AbResult> {
  const now = Date.now();
  const catalogue = generateCatalogue({ items: o.items, seed: o.seed, startMs: now - 20 * 3_600_000, spanMs: 20 * 3_600_000 - 120_000 });
  const byId = new Map<string, CatalogueItem>(catalogue.map((c) => [c.item.contentId, c]));
  const users = generateUsers({ users: o.users, seed: o.seed, createdAtMs: now - 2 * 86_400_000 });
  const arms = new Map<string, Arm>(users.map((u) => [u.userId, armOf(u.userId, 50)]));
  const random = mulberry32(o.seed ^ 0x1b873593);

  const latest = new Map<string, Feed>();
  await watchFeeds(world, ({ feed }) => {
    const known = latest.get(feed.userId);
    if (!known || known.occurredAt <= feed.occurredAt) latest.set(feed.userId, feed);
  });
  const child = await startRecommenderProcess(world, { ...SETTINGS, feed: { ...SETTINGS.feed, modelPercent: 50 } }, `${world.id}-ab`);
  await publishContent(world, catalogue.map((c) => c.item));
  await putProfiles(world, users, now - 86_400_000);
  await markActive(world, users, Date.now());

  let missedFeeds = 0;
  /** Waits until every user's latest feed answers `expected` (userId -> triggering eventId). */
  const waitForFeeds = async (expected: Map<string, string>) => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const missing = [...expected].filter(([u, e]) => latest.get(u)?.triggerEventId !== e);
      if (missing.length === 0) return;
      if (Date.now() > deadline) {
        missedFeeds += missing.length;
        log(`${missing.length} users got no new feed in 3 minutes; they keep their last one`);
        return;
      }
      await sleep(200);
    }
  };

  // First feeds: every device comes online (a beacon; no stored feed yet).
  const beacons: EnrichedBeacon[] = users.map((u) => {
    const at = Date.now();
    return {
      eventId: seededUuid(random, at), occurredAt: at, receivedAt: at, userId: u.userId, deviceId: u.deviceId, appState: 'locked',
      locale: u.profile.languages[0]!, platform: 'android', appVersion: '1.0.0', enrichedAt: at, user: u.profile,
    };
  });
  await world.producer.send('beacons.enriched.v1', beacons);
  await waitForFeeds(new Map(beacons.map((b) => [b.userId, b.eventId])));
  log(`first feeds for ${latest.size} users`);

  const warmupEvents: EnrichedInteraction[] = [];
  const tallies = new Map<string, PerUser>(users.map((u) => [u.userId, { impressions: 0, clicks: 0, expected: 0 }]));
  let modelFeeds = 0;
  const round = async (measure: boolean) => {
    const events: EnrichedInteraction[] = [];
    const expected = new Map<string, string>();
    for (const user of users) {
      const feed = latest.get(user.userId);
      if (!feed) continue;
      if (measure && arms.get(user.userId) === 'model' && feed.model.name !== 'popularity') modelFeeds += 1;
      let at = Date.now();
      const own: EnrichedInteraction[] = [];
      for (const card of feed.cards.slice(0, o.shown)) {
        const c = byId.get(card.contentId);
        if (!c) continue;
        const p = clickProbability(user, c.item, c.quality, at);
        const outcome = drawOutcome(p, random);
        const event = (type: InteractionType, offset: number, extra: Partial<EnrichedInteraction> = {}): EnrichedInteraction => ({
          eventId: seededUuid(random, at + offset), occurredAt: at + offset, receivedAt: at + offset, userId: user.userId, deviceId: user.deviceId,
          type, contentId: card.contentId, feedId: feed.feedId, position: card.position, surface: 'lock_screen', enrichedAt: at + offset,
          user: user.profile, ...extra,
        });
        own.push(event('impression', 0, { onScreenMs: outcome.onScreenMs }));
        if (outcome.click) own.push(event('click', 1));
        if (outcome.like) own.push(event('like', 2));
        if (outcome.share) own.push(event('share', 3));
        if (outcome.dismiss) own.push(event('dismiss', 1));
        if (measure) {
          const t = tallies.get(user.userId)!;
          t.impressions += 1;
          t.clicks += outcome.click ? 1 : 0;
          t.expected += p;
        }
        at += 5;
      }
      if (own.length === 0) continue;
      events.push(...own);
      expected.set(user.userId, own[own.length - 1]!.eventId);
    }
    if (!measure) warmupEvents.push(...events);
    for (let i = 0; i < events.length; i += 1000) await world.producer.send('interactions.enriched.v1', events.slice(i, i + 1000));
    await waitForFeeds(expected);
  };

  for (let r = 0; r < o.warmup; r += 1) {
    await round(false);
    log(`warm-up round ${r + 1}/${o.warmup}: ${warmupEvents.length} events so far`);
  }
  const release = await trainAndRelease(world, catalogue.map((c): ContentItem => c.item), warmupEvents, Date.now());
  for (let i = 0; metricValue(await child.stats(), 'tessera_recommender_model_loads_total', { outcome: 'loaded' }) < 1; i += 1) {
    if (i > 600) throw new Error('the model was not loaded in 2 minutes');
    await sleep(200);
  }
  // The feeds users hold were ranked before the release: one round to let every user get a
  // feed from the model (lazily, on their next trigger) before counting.
  await markActive(world, users, Date.now());
  await round(false);
  for (let r = 0; r < o.rounds; r += 1) {
    await round(true);
    log(`measured round ${r + 1}/${o.rounds}`);
  }
  await child.stop();

  const tally = (arm: Arm, sample?: string[]): ArmTally => {
    const ids = sample ?? users.filter((u) => arms.get(u.userId) === arm).map((u) => u.userId);
    let impressions = 0;
    let clicks = 0;
    let expected = 0;
    for (const id of ids) {
      const t = tallies.get(id)!;
      impressions += t.impressions;
      clicks += t.clicks;
      expected += t.expected;
    }
    return { users: ids.length, impressions, clicks, ctr: clicks / Math.max(1, impressions), interval: [Number.NaN, Number.NaN], expectedCtr: expected / Math.max(1, impressions) };
  };
  // Bootstrap over users within each arm: 2 000 resamples, seeded.
  const boot = mulberry32(o.seed ^ 0x85ebca6b);
  const ids = (arm: Arm) => users.filter((u) => arms.get(u.userId) === arm).map((u) => u.userId);
  const modelIds = ids('model');
  const controlIds = ids('popularity');
  const resample = (list: string[]) => Array.from({ length: list.length }, () => list[Math.floor(boot() * list.length)]!);
  const ratios: number[] = [];
  const modelCtrs: number[] = [];
  const controlCtrs: number[] = [];
  for (let b = 0; b < 2_000; b += 1) {
    const m = tally('model', resample(modelIds)).ctr;
    const c = tally('popularity', resample(controlIds)).ctr;
    modelCtrs.push(m);
    controlCtrs.push(c);
    ratios.push(m / c);
  }
  const interval = (xs: number[]): [number, number] => {
    const s = [...xs].sort((a, b) => a - b);
    return [s[Math.floor(0.025 * s.length)]!, s[Math.floor(0.975 * s.length)]!];
  };
  const model = { ...tally('model'), interval: interval(modelCtrs) };
  const control = { ...tally('popularity'), interval: interval(controlCtrs) };
  return {
    model, control, ratio: model.ctr / control.ctr, ratioInterval: interval(ratios), expectedRatio: model.expectedCtr / control.expectedCtr,
    release: release.version, trainingEvents: warmupEvents.length, missedFeeds, modelFeeds,
  };
}
