// The closed loop end to end (`npm run test:loop`, part of `npm run test:stack`), on the real
// processes of `npm start` (free ports, a fresh data dir, the stack's own Redis) with simulated
// phones of @tessera/device-simulator on real WebSockets:
//   1. every phone's unlock (a beacon) brings a first feed with cards onto its socket;
//   2. a phone's click (accepted by clicks-tracker) yields a new feed, triggered by that click, on
//      that phone's socket;
//   3. a takedown through the aggregator's push API removes the card from the connected phone
//      showing it;
//   4. the trainer, on its schedule, learns from the archived impressions and clicks and publishes
//      a model, which the recommender picks up without a restart: a later feed of a model-arm
//      phone is ranked by that model version, and the recommender is the same process;
//   5. the k6 scripts of load-tests/ run as a smoke (a few VUs, bounded iterations) against this
//      stack through load-tests/runner, and their thresholds pass.
// Then Ctrl-C: the launcher exits 0 and leaves no process. Every wait is for an event with a
// generous deadline; whatever it started is stopped and killed on every outcome.
import { readlink } from 'node:fs/promises';
import { createContentBook } from '@tessera/device-simulator/content-book';
import { simulatedPeople } from '@tessera/device-simulator/people';
import { startSimulator } from '@tessera/device-simulator/simulator';
import type { FeedArrival, SimDevice, Simulator } from '@tessera/device-simulator/simulator';
import { v7 as uuidv7 } from 'uuid';
import { DEV_DEVICE_KEY, DEV_EDITORS_KEY } from './stack/config.js';
import { launchStack, processesOf, waitFor } from './harness/stack-process.js';
import type { StackProcess } from './harness/stack-process.js';
import { runK6Smoke } from './harness/k6-smoke.js';
import { publishProfiles } from './harness/profiles.js';

const FEED_MS = 90_000;
const MODEL_MS = 150_000;
const startedAt = Date.now();
const step = (what: string) => process.stdout.write(`loop: ${what} (${Math.round((Date.now() - startedAt) / 1000)} s)\n`);

let stack: StackProcess | undefined;
let simulator: Simulator | undefined;
let failed = false;
try {
  stack = await launchStack({
    SIMULATED_DEVICES: '0', ARCHIVE_IDLE_FLUSH: '1000', TRAIN_INTERVAL: '10000', TRAIN_MIN_POSITIVES: '3', LOG_LEVEL: 'info',
  });
  step('npm start is up');
  const people = simulatedPeople({ count: 6, seed: 12, idPrefix: 'loop-' });
  await publishProfiles([`127.0.0.1:${stack.ports.KAFKA_PORT}`], people);
  simulator = startSimulator({
    people, seed: 12, book: createContentBook(12), autoUnlock: false, secret: DEV_DEVICE_KEY,
    socketUrl: `${stack.url('DELIVERY_PORT').replace('http', 'ws')}/v1/socket`, beaconUrl: stack.url('BEACON_PORT'), clicksUrl: stack.url('CLICKS_PORT'),
  });
  await simulator.connected;
  const devices = simulator.devices();

  // 1. A beacon of a user without a feed makes one; the aggregator's demo content must be in first.
  // A beacon sent before the content arrived finds nothing to rank: unlock again until cards come.
  await Promise.all(devices.map(async (device) => {
    const first = device.nextFeed((a) => (a.feed?.cards.length ?? 0) > 0, FEED_MS);
    let arrived = false;
    void first.then(() => { arrived = true; }, () => undefined);
    while (!arrived) {
      await device.unlock();
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
  }));
  step('every phone got a first feed with cards after its unlock');

  // 2. A click yields a new feed, triggered by it (or its batch), on the same socket.
  const clicker = devices[0]!;
  const { acceptedAt, arrival: answered } = await click(clicker);
  if (answered.feed?.trigger !== 'interaction') throw new Error(`the click's feed says trigger ${answered.feed?.trigger}`);
  step(`a click yielded a new feed on that phone's socket (${answered.arrivedAt - acceptedAt} ms after clicks-tracker accepted it)`);

  // 3. A takedown of a card a connected phone shows removes it there.
  const watcher = devices[1]!;
  const shownCard = watcher.socket.state.feed?.cards[0];
  if (!shownCard) throw new Error(`${watcher.person.userId} has no card to take down`);
  const gone = Promise.race([
    watcher.removal(shownCard.contentId, FEED_MS),
    watcher.nextFeed((a) => a.feed !== null && !a.feed.cards.some((c) => c.contentId === shownCard.contentId), FEED_MS),
  ]);
  const takedown = await fetch(`${stack.url('AGGREGATOR_PORT')}/v1/content/${encodeURIComponent(shownCard.contentId)}`, {
    method: 'DELETE', headers: { authorization: `Bearer ${DEV_EDITORS_KEY}` },
  });
  if (takedown.status !== 200) throw new Error(`the push API answered ${takedown.status} to the takedown: ${await takedown.text()}`);
  await gone;
  const state = watcher.socket.state;
  if (state.feed?.cards.some((c) => c.contentId === shownCard.contentId && !state.removed.has(c.contentId))) throw new Error('the taken-down card is still shown');
  step(`a takedown through the push API removed ${shownCard.contentId} from the connected phone`);

  // 4. Impressions and clicks until the trainer publishes and the recommender loads a model.
  const recommenderPid = await pidOf(stack, 'recommender');
  if (!recommenderPid) throw new Error('no recommender process of this stack found');
  const modelPhone = devices.find((d) => d.socket.state.feed?.arm === 'model');
  if (!modelPhone) throw new Error(`none of the phones is in the model arm: ${devices.map((d) => `${d.person.userId}=${d.socket.state.feed?.arm}`).join(', ')}`);
  // Each round every phone clicks one card of two shown and waits for the feed that answers it.
  const recommenderMetrics = `${stack.url('RECOMMENDER_PORT')}/metrics`;
  await waitFor(async () => {
    await Promise.all(devices.map((device) => click(device)));
    // A scrape that fails on a busy machine is retried with the next round, not fatal.
    const metrics = await fetch(recommenderMetrics).then((r) => r.text()).catch(() => '');
    return /tessera_recommender_model_loads_total\{[^}]*outcome="loaded"[^}]*\} [1-9]/.test(metrics) ? true : undefined;
  }, MODEL_MS, 'model release loaded by the recommender');
  const modelFeed = (await click(modelPhone)).arrival;
  if (modelFeed.feed?.model.name !== 'ctr') throw new Error(`a model-arm feed after the release is ranked by ${JSON.stringify(modelFeed.feed?.model)}`);
  if (await pidOf(stack, 'recommender') !== recommenderPid) throw new Error('the recommender was restarted');
  step(`the trainer's model ${modelFeed.feed?.model.version} ranks ${modelPhone.person.userId}'s feed; the recommender was not restarted`);

  // 5. The k6 scripts' smoke run against this stack.
  await runK6Smoke({
    DELIVERY_URL: stack.url('DELIVERY_PORT'), BEACON_URL: stack.url('BEACON_PORT'), CLICKS_URL: stack.url('CLICKS_PORT'), DEVICE_JWT_SECRET: DEV_DEVICE_KEY,
  }, step);
} catch (error) {
  failed = true;
  process.stderr.write(`loop: FAILED: ${(error as Error).stack ?? error}\n--- npm start output (tail) ---\n${stack?.output().slice(-4_000) ?? ''}\n`);
  if (stack) process.stderr.write(`app logs kept in ${stack.dataDir}/logs\n`);
} finally {
  await simulator?.stop();
  if (stack) {
    const { code, leftovers } = await stack.stop();
    if (code !== 0 && !failed) { failed = true; process.stderr.write(`loop: FAILED: npm start exited with ${code} after Ctrl-C\n${stack.output().slice(-4_000)}\n`); }
    if (leftovers.length > 0) { failed = true; process.stderr.write(`loop: FAILED: processes left after the stop (killed): ${leftovers.join(', ')}\n`); }
    if (!failed) await stack.clean();
  }
}
if (failed) process.exitCode = 1;
else step('Ctrl-C stopped everything; the loop test passed');

/**
 * Posts impressions of the first two cards of the phone's current feed and a click on the first,
 * and waits for the feed that answers them: triggered by one of these events or a later one (the
 * recommender coalesces a user's burst into one computation, triggered by one of its events).
 */
async function click(device: SimDevice): Promise<{ acceptedAt: number; arrival: FeedArrival }> {
  const feed = device.socket.state.feed;
  if (!feed || feed.cards.length === 0) throw new Error(`${device.person.userId} has no card to click`);
  const now = Date.now();
  const base = { userId: device.person.userId, deviceId: device.person.deviceId, feedId: feed.feedId, surface: 'lock_screen', occurredAt: now };
  const events: { eventId: string }[] = feed.cards.slice(0, 2).map((card) => ({ ...base, eventId: uuidv7(), contentId: card.contentId, position: card.position, type: 'impression', onScreenMs: 1_200 }));
  const first = feed.cards[0]!;
  events.push({ ...base, eventId: uuidv7(), contentId: first.contentId, position: first.position, type: 'click' } as { eventId: string });
  const ids = new Set(events.map((e) => e.eventId));
  const answer = device.nextFeed((a) => a.frameType === 'feed' && (ids.has(a.feed?.triggerEventId ?? '') || (a.feed?.triggeredAt ?? 0) >= now), FEED_MS);
  const acceptedAt = await device.interact(events);
  return { acceptedAt, arrival: await answer };
}

async function pidOf(running: StackProcess, app: string): Promise<string | undefined> {
  for (const pid of await processesOf(running.dataDir)) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd.endsWith(`/apps/${app}`)) return pid;
  }
  return undefined;
}
