// Freshness benchmark of the closed loop (`npm run bench:freshness`): the time from an
// interaction accepted by clicks-tracker (its 202) to a feed that reflects it arriving on that
// device's WebSocket, with BENCH_DEVICES (5,000) simulated phones connected to delivery, at each
// of BENCH_RATES (500 and 2,000 interactions/s) for BENCH_SECONDS (20 s) each, everything on this
// machine (the whole `npm start` stack on free ports, its own Redis). In the same run, the floor:
// a produce → consume round trip through the same broker at the same rate. Also the CPU each
// process used during each phase. Writes the figures into BENCHMARKS.md (between the freshness
// markers) and the chart to docs/benchmarks/freshness.svg.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { createContentBook } from '@tessera/device-simulator/content-book';
import { simulatedPeople } from '@tessera/device-simulator/people';
import { startSimulator } from '@tessera/device-simulator/simulator';
import type { SimDevice, Simulator } from '@tessera/device-simulator/simulator';
import { v7 as uuidv7 } from 'uuid';
import { launchStack } from '../harness/stack-process.js';
import type { StackProcess } from '../harness/stack-process.js';
import { publishProfiles } from '../harness/profiles.js';
import { DEV_DEVICE_KEY } from '../stack/config.js';
import { latencyChart } from './chart.js';
import { cpuDelta, cpuOf } from './cpu.js';
import { measureFloor } from './floor.js';

const int = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const DEVICES = int('BENCH_DEVICES', 5_000);
const RATES = (process.env.BENCH_RATES ?? '500,2000').split(',').map(Number);
const SECONDS = int('BENCH_SECONDS', 20);
const FEED_TIMEOUT_MS = 30_000;
// Like k6's arrival-rate executors: an interaction due while this many are still unanswered is
// dropped and counted, instead of piling up requests the machine cannot serve.
const MAX_IN_FLIGHT = int('BENCH_MAX_IN_FLIGHT', 2_000);
const root = new URL('../../', import.meta.url);
const log = (line: string) => process.stdout.write(`freshness: ${line}\n`);

interface Phase {
  readonly rate: number;
  readonly sent: number;
  readonly accepted: number;
  readonly achievedRate: number;
  readonly loop: number[];
  readonly missing: number;
  readonly dropped: number;
  readonly floor: number[];
  readonly cpu: Map<string, number>;
  readonly wallSeconds: number;
}

let stack: StackProcess | undefined;
let simulator: Simulator | undefined;
try {
  const startedAt = new Date();
  const load = loadavg()[0]!.toFixed(1);
  stack = await launchStack({ SIMULATED_DEVICES: '0', LOG_LEVEL: 'warn', TRAIN_INTERVAL: '3600000' });
  const broker = `127.0.0.1:${stack.ports.KAFKA_PORT}`;
  log(`stack up; ${DEVICES} devices, rates ${RATES.join(', ')}/s, ${SECONDS} s each; load average ${load}`);
  const people = simulatedPeople({ count: DEVICES, seed: 7, idPrefix: 'fresh-' });
  await publishProfiles([broker], people);
  simulator = startSimulator({
    people, seed: 7, book: createContentBook(7), autoUnlock: false, secret: DEV_DEVICE_KEY, connectRate: 400,
    socketUrl: `${stack.url('DELIVERY_PORT').replace('http', 'ws')}/v1/socket`, beaconUrl: stack.url('BEACON_PORT'), clicksUrl: stack.url('CLICKS_PORT'),
  });
  await simulator.connected;
  log(`${DEVICES} sockets connected`);
  const ready = await warmUp(simulator.devices());
  log(`${ready.length} devices have a feed with cards`);
  if (ready.length === 0) throw new Error('no device got a feed; see the app logs');

  const phases: Phase[] = [];
  for (const rate of RATES) {
    const before = await cpuOf(stack.dataDir, stack.pid, { 'benchmark (devices + load)': process.pid });
    const t0 = performance.now();
    const loop = await drive(ready, rate);
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = cpuDelta(before, await cpuOf(stack.dataDir, stack.pid, { 'benchmark (devices + load)': process.pid }));
    log(`loop at ${rate}/s: ${loop.accepted}/${loop.sent} accepted at ${loop.achievedRate.toFixed(0)}/s (${loop.dropped} dropped by the generator), p50 ${pct(loop.latencies, 50)} ms, p99 ${pct(loop.latencies, 99)} ms, ${loop.missing} without a feed in ${FEED_TIMEOUT_MS / 1000} s`);
    const floor = await measureFloor(broker, rate, SECONDS);
    log(`floor at ${rate}/s: p50 ${pct(floor, 50)} ms, p99 ${pct(floor, 99)} ms`);
    phases.push({ rate, sent: loop.sent, accepted: loop.accepted, achievedRate: loop.achievedRate, loop: loop.latencies, missing: loop.missing, dropped: loop.dropped, floor, cpu, wallSeconds });
  }
  await report(phases, { startedAt, load, devices: DEVICES, ready: ready.length });
} catch (error) {
  process.stderr.write(`freshness: FAILED: ${(error as Error).stack}\n${stack?.output().slice(-3_000) ?? ''}\n`);
  process.exitCode = 1;
} finally {
  await simulator?.stop();
  const stopped = await stack?.stop();
  if (stopped && stopped.leftovers.length > 0) process.stderr.write(`freshness: killed leftovers ${stopped.leftovers.join(', ')}\n`);
  if (stack && process.exitCode !== 1) await stack.clean();
}

/** Beacons until every device has a feed with cards (at most five rounds); the devices that have one. */
async function warmUp(devices: readonly SimDevice[]): Promise<SimDevice[]> {
  const hasCards = (d: SimDevice) => (d.socket.state.feed?.cards.length ?? 0) > 0;
  for (let round = 0; round < 5; round += 1) {
    const waiting = devices.filter((d) => !hasCards(d));
    if (waiting.length === 0) break;
    const arrivals = waiting.map((d) => d.nextFeed((a) => (a.feed?.cards.length ?? 0) > 0, 60_000).catch(() => undefined));
    await paced(waiting, 300, (d) => d.unlock().then(() => undefined));
    await Promise.all(arrivals);
  }
  return devices.filter(hasCards);
}

/** Runs `work` for each item at `rate` per second, not waiting for one to finish before the next. */
async function paced<T>(items: readonly T[], rate: number, work: (item: T) => Promise<void>): Promise<void> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < items.length;) {
    const due = Math.min(items.length, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; i < due; i += 1) running.push(work(items[i]!).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(running);
}

/** One click per tick share, round robin over the devices; each waits for the feed that reflects it. */
async function drive(devices: readonly SimDevice[], rate: number) {
  const total = rate * SECONDS;
  const latencies: number[] = [];
  let accepted = 0;
  let missing = 0;
  let dropped = 0;
  let inFlight = 0;
  const started = performance.now();
  let lastSentAt = started;
  const targets = Array.from({ length: total }, (_, i) => devices[i % devices.length]!);
  await paced(targets, rate, async (device) => {
    const feed = device.socket.state.feed;
    const card = feed?.cards[0];
    if (!feed || !card) return;
    if (inFlight >= MAX_IN_FLIGHT) { dropped += 1; return; }
    inFlight += 1;
    try {
      await clickAndWait(device, feed, card);
    } finally {
      inFlight -= 1;
    }
  });
  return { sent: total, accepted, missing, dropped, latencies: latencies.sort((a, b) => a - b), achievedRate: accepted / ((lastSentAt - started) / 1000) };

  async function clickAndWait(device: SimDevice, feed: NonNullable<SimDevice['socket']['state']['feed']>, card: { contentId: string; position: number }): Promise<void> {
    const eventId = uuidv7();
    const occurredAt = Date.now();
    // A feed reflects the click when it was triggered by it or by a later event of the same user
    // (the recommender coalesces a user's burst into one computation).
    const reflected = device.nextFeed((a) => a.frameType === 'feed' && (a.feed?.triggerEventId === eventId || (a.feed?.triggeredAt ?? 0) >= occurredAt), FEED_TIMEOUT_MS);
    reflected.catch(() => undefined);
    let acceptedAt: number;
    try {
      acceptedAt = await device.interact([{
        eventId, occurredAt, type: 'click', userId: device.person.userId, deviceId: device.person.deviceId,
        contentId: card.contentId, feedId: feed.feedId, position: card.position, surface: 'lock_screen',
      }]);
    } catch {
      return;
    }
    accepted += 1;
    lastSentAt = performance.now();
    try {
      const arrival = await reflected;
      latencies.push(Math.max(0, arrival.arrivedAt - acceptedAt));
    } catch {
      missing += 1;
    }
  }
}

function pct(sorted: readonly number[], p: number): string {
  if (sorted.length === 0) return '–';
  return sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))]!.toFixed(1);
}

async function report(phases: readonly Phase[], run: { startedAt: Date; load: string; devices: number; ready: number }): Promise<void> {
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  const svg = latencyChart(`Closed-loop freshness, ${run.ready} connected devices (dashed: broker round trip)`, phases.flatMap((p, i) => [
    { label: `loop at ${p.rate}/s`, colour: colours[i % colours.length]!, dashed: false, values: p.loop },
    { label: `floor at ${p.rate}/s`, colour: colours[i % colours.length]!, dashed: true, values: p.floor },
  ]));
  await mkdir(new URL('docs/benchmarks/', root), { recursive: true });
  await writeFile(new URL('docs/benchmarks/freshness.svg', root), svg);
  const ratio = (a: string, b: string) => (a === '–' || b === '–' || Number(b) === 0 ? '–' : `${(Number(a) / Number(b)).toFixed(1)}×`);
  const rows = phases.map((p) => {
    const [l50, l99, lmax, f50, f99] = [pct(p.loop, 50), pct(p.loop, 99), pct(p.loop, 100), pct(p.floor, 50), pct(p.floor, 99)];
    return `| ${p.rate}/s | ${p.achievedRate.toFixed(0)}/s (${p.accepted} of ${p.sent}) | ${p.dropped} | ${l50} ms | ${l99} ms | ${lmax} ms | ${p.missing} | ${f50} ms | ${f99} ms | ${ratio(l50, f50)} / ${ratio(l99, f99)} |`;
  });
  const apps = [...new Set(phases.flatMap((p) => [...p.cpu.keys()]))].sort();
  const cpuRows = apps.map((app) => `| ${app} | ${phases.map((p) => `${(((p.cpu.get(app) ?? 0) / p.wallSeconds) * 100).toFixed(0)} %`).join(' | ')} |`);
  const section = [
    '<!-- freshness:start -->',
    `Run of ${run.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, `
      + `load average ${run.load} when it started: **the machine was shared with other engineers' builds and tests**, so read ratios, not absolute figures. `
      + `${run.devices} simulated devices connected to delivery over WebSocket (${run.ready} with a feed before the measurement), ${SECONDS} s per rate; the whole stack of \`npm start\` on the same machine, its own Redis, the trainer idle (TRAIN_INTERVAL 1 h).`,
    '',
    '| target rate | achieved (accepted of due) | dropped (generator) | loop p50 | loop p99 | loop max | no feed in 30 s | floor p50 | floor p99 | loop / floor (p50 / p99) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'CPU used during each loop phase (CPU seconds per wall second; 100 % = one core):',
    '',
    `| process | ${phases.map((p) => `at ${p.rate}/s`).join(' | ')} |`,
    `|---|${phases.map(() => '---:').join('|')}|`,
    ...cpuRows,
    '',
    '![freshness: latency by percentile for each rate, floor dashed](docs/benchmarks/freshness.svg)',
    '<!-- freshness:end -->',
  ].join('\n');
  const file = new URL('BENCHMARKS.md', root);
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('<!-- freshness:start -->');
  const end = text.indexOf('<!-- freshness:end -->');
  if (start < 0 || end < 0) throw new Error('BENCHMARKS.md has no freshness markers');
  await writeFile(file, text.slice(0, start) + section + text.slice(end + '<!-- freshness:end -->'.length));
  log(`written to BENCHMARKS.md and docs/benchmarks/freshness.svg\n${section}`);
}
