// Feeds per second per core, latency and Redis round trips, for the model arm and the baseline
// (the same pipeline with MODEL_ARM_PERCENT 0: windowed-popularity ranking, no model), each in a
// fresh recommender process on the same world, alternating (model, baseline, model, baseline) so
// the machine's drift shows. The world: a seeded catalogue and population, an hour of simulated
// history consumed into the windows and user states, a model trained on that history by the
// trainer's run. Per process:
//   backlog  one interaction each for `backlog` different active users, produced at once: feeds
//            per second (wall, first record produced → last feed produced) and per CPU-second of
//            the recommender process (every thread: consumers, feeds, scoring workers, merger);
//            Redis round trips (socket writes of its client) and commands (INFO commandstats of
//            the private Redis, commands inside scripts included) per event;
//   rate     `rate` interactions per second for `rateSeconds`: latency from the triggering event
//            (its event time, stamped when produced) to the feed's record timestamp (when the
//            recommender produced it): consume + aggregate + state + feed.
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import { generateCatalogue } from '@tessera/population/catalogue';
import type { CatalogueItem } from '@tessera/population/catalogue';
import { clickProbability } from '@tessera/population/click-model';
import { seededUuid } from '@tessera/population/ids';
import { simulateImpressions } from '@tessera/population/impressions';
import { generateUsers } from '@tessera/population/users';
import type { SimUser } from '@tessera/population/users';
import { mulberry32 } from '@tessera/ranking/random';
import type { RecommenderSettings } from '../src/app.js';
import {
  commandStats, cpuSeconds, histogramTotals, log, markActive, metricValue, publishContent, putProfiles, quantile, sendInteractions,
  sleep, startRecommenderProcess, statsDelta, trainAndRelease, watchFeeds,
} from './world.js';
import type { SeenFeed, World } from './world.js';

export interface ThroughputOptions {
  readonly users: number;
  readonly items: number;
  readonly history: number;
  readonly backlog: number;
  readonly rate: number;
  readonly rateSeconds: number;
  readonly rounds: number;
  readonly seed: number;
}

export interface ArmRun {
  readonly arm: 'model' | 'baseline';
  readonly feeds: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly candidatesMean: number;
  readonly scoringMsMean: number;
  readonly roundTripsPerEvent: number;
  readonly commandsPerEvent: number;
  readonly topCommands: [string, number][];
  readonly latency: { p50: number; p99: number; n: number };
  readonly modelVersions: string[];
}

export const SETTINGS: RecommenderSettings = {
  modelName: 'ctr', scorerWorkers: 1,
  feed: { size: 10, perCategory: 3, explorationSlot: 2, modelPercent: 100, maxCandidates: Number(process.env.BENCH_MAX_CANDIDATES ?? 500), activeWindowMs: 30 * 60_000 },
  beaconGapMs: 10 * 60_000, mergeIntervalMs: 2_000, concurrency: 8, breakingFanout: 10_000, sessionTimeoutMs: 30_000,
};

function interactionFor(user: SimUser, pick: CatalogueItem, random: () => number, at: number): EnrichedInteraction {
  const click = random() < clickProbability(user, pick.item, pick.quality, at);
  return {
    eventId: seededUuid(random, at), occurredAt: at, receivedAt: at, userId: user.userId, deviceId: user.deviceId,
    type: click ? 'click' : 'impression', contentId: pick.item.contentId, feedId: seededUuid(random, at), position: 0, surface: 'lock_screen',
    ...(click ? {} : { onScreenMs: 900 }), enrichedAt: at, user: user.profile,
  };
}

export async function runThroughput(world: World, o: ThroughputOptions): Promise<{ runs: ArmRun[]; setup: Record<string, number | string> }> {
  const now = Date.now();
  const catalogue = generateCatalogue({ items: o.items, seed: o.seed, startMs: now - 20 * 3_600_000, spanMs: 20 * 3_600_000 - 120_000 });
  const users = generateUsers({ users: o.users, seed: o.seed, createdAtMs: now - 2 * 86_400_000 });
  const history = simulateImpressions({ users, catalogue, impressions: o.history, startMs: now - 55 * 60_000, spanMs: 50 * 60_000, seed: o.seed });
  const byLanguage = new Map<string, CatalogueItem[]>();
  for (const c of catalogue) for (const l of c.item.languages) byLanguage.set(l, [...(byLanguage.get(l) ?? []), c]);

  log(`setup: ${catalogue.length} items, ${users.length} users, ${history.events.length} history events`);
  const group = `${world.id}-g`;
  const setup = await startRecommenderProcess(world, SETTINGS, group);
  await publishContent(world, catalogue.map((c) => c.item));
  await putProfiles(world, users, now - 86_400_000);
  // Users are not active yet: the history fills windows and states without computing feeds.
  await sendInteractions(world, history.events);
  for (let i = 0; metricValue(await setup.stats(), 'tessera_recommender_interactions_total') < history.events.length; i += 1) {
    if (i > 600) throw new Error('the history was not consumed in 5 minutes');
    await sleep(500);
  }
  await setup.stop();
  const trainStarted = performance.now();
  const release = await trainAndRelease(world, catalogue.map((c) => c.item), history.events, Date.now());
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const feeds: SeenFeed[] = [];
  await watchFeeds(world, (f) => feeds.push(f));
  const random = mulberry32(o.seed ^ 0x9e3779b9);
  const event = (user: SimUser) => {
    const list = byLanguage.get(user.profile.languages[0]!) ?? catalogue;
    return interactionFor(user, list[Math.floor(random() * list.length)]!, random, Date.now());
  };
  const waitFor = async (ids: Set<string>, what: string) => {
    const seen = new Set<string>();
    let checked = 0;
    const deadline = Date.now() + 600_000;
    for (; seen.size < ids.size; ) {
      if (Date.now() > deadline) {
        // Reported with what arrived (the table says how many): a crushed machine is a result too.
        log(`${what}: only ${seen.size} of ${ids.size} feeds in 10 minutes`);
        break;
      }
      for (; checked < feeds.length; checked += 1) {
        const id = feeds[checked]!.feed.triggerEventId;
        if (id !== undefined && ids.has(id)) seen.add(id);
      }
      await sleep(100);
    }
    return feeds.filter((f) => f.feed.triggerEventId !== undefined && ids.has(f.feed.triggerEventId));
  };

  const runs: ArmRun[] = [];
  for (let round = 0; round < o.rounds * 2; round += 1) {
    const arm = round % 2 === 0 ? 'model' : 'baseline';
    await markActive(world, users, Date.now());
    const child = await startRecommenderProcess(world, { ...SETTINGS, feed: { ...SETTINGS.feed, modelPercent: arm === 'model' ? 100 : 0 } }, group);
    for (let i = 0; metricValue(await child.stats(), 'tessera_recommender_model_loads_total', { outcome: 'loaded' }) < 1; i += 1) {
      if (i > 600) throw new Error('the model was not loaded in 5 minutes');
      await sleep(200);
    }
    // Warm-up: joined the group, JIT-compiled paths, counts cache and item cache filled.
    const warm = users.slice(0, 200).map(event);
    await sendInteractions(world, warm);
    await waitFor(new Set(warm.map((e) => e.eventId)), 'warm-up');

    const chosen = [...users].sort(() => random() - 0.5).slice(0, o.backlog);
    const backlog = chosen.map(event);
    const statsBefore = await child.stats();
    const commandsBefore = await commandStats(world.redis);
    const cpuBefore = cpuSeconds(child.pid);
    const started = Date.now();
    await sendInteractions(world, backlog);
    const done = await waitFor(new Set(backlog.map((e) => e.eventId)), `${arm} backlog`);
    const cpuAfter = cpuSeconds(child.pid);
    const statsAfter = await child.stats();
    const commands = statsDelta(await commandStats(world.redis), commandsBefore);
    const last = done.reduce((m, f) => Math.max(m, f.producedAt), 0);
    const events = metricValue(statsAfter, 'tessera_recommender_interactions_total') - metricValue(statsBefore, 'tessera_recommender_interactions_total');
    const cand = [histogramTotals(statsAfter, 'tessera_recommender_candidates'), histogramTotals(statsBefore, 'tessera_recommender_candidates')];
    const scoring = [histogramTotals(statsAfter, 'tessera_recommender_scoring_seconds'), histogramTotals(statsBefore, 'tessera_recommender_scoring_seconds')];
    const totalCommands = [...commands.values()].reduce((s, v) => s + v, 0);

    // Steady rate: latency, not throughput.
    const rated: EnrichedInteraction[] = [];
    const rateStart = Date.now();
    const total = o.rate * o.rateSeconds;
    // Different users: a user's requests that meet in the scheduler make one feed (coalesced).
    const rateUsers = [...users].sort(() => random() - 0.5);
    for (let n = 0; n < total; n += 1) {
      const due = rateStart + (n * 1000) / o.rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const e = event(rateUsers[n % rateUsers.length]!);
      rated.push(e);
      void world.producer.send('interactions.enriched.v1', [e]);
    }
    const ratedFeeds = await waitFor(new Set(rated.map((e) => e.eventId)), `${arm} rate`);
    const latencies = ratedFeeds.map((f) => f.producedAt - f.feed.triggeredAt!).sort((a, b) => a - b);
    await child.stop();

    const run: ArmRun = {
      arm, feeds: done.length, wallSeconds: (last - started) / 1000, cpuSeconds: cpuAfter - cpuBefore,
      candidatesMean: (cand[0]!.sum - cand[1]!.sum) / Math.max(1, cand[0]!.count - cand[1]!.count),
      scoringMsMean: (1000 * (scoring[0]!.sum - scoring[1]!.sum)) / Math.max(1, scoring[0]!.count - scoring[1]!.count),
      roundTripsPerEvent: (statsAfter.roundTrips - statsBefore.roundTrips) / events,
      commandsPerEvent: totalCommands / events,
      topCommands: [...commands].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => [k, v / events]),
      latency: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), n: latencies.length },
      modelVersions: [...new Set(done.map((f) => `${f.feed.model.name}@${f.feed.model.version}`))],
    };
    runs.push(run);
    log(`${arm}: ${run.feeds} feeds in ${run.wallSeconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} CPU s → ${(run.feeds / run.cpuSeconds).toFixed(0)} feeds/CPU-s; ` +
      `${run.candidatesMean.toFixed(0)} candidates; ${run.roundTripsPerEvent.toFixed(2)} round trips/event; p50/p99 ${run.latency.p50}/${run.latency.p99} ms`);
  }
  return { runs, setup: { model: release.version, trainSeconds: trainSeconds.toFixed(1), items: catalogue.length, users: users.length, history: history.events.length } };
}
