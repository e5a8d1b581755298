// A/B benchmark of the closed loop (`npm run bench:ctr`): BENCH_PEOPLE (300) simulated people of
// @tessera/device-simulator use their phones on their own rhythm (mean unlock BENCH_UNLOCK_MS,
// 3 s) against the whole stack for BENCH_MINUTES (6), with a seeded catalogue of BENCH_ITEMS (400)
// items of @tessera/population on content.v1 (each with a hidden quality only the click model
// knows) and the trainer retraining every 30 s. The people react through their hidden
// preferences, so the CTR each arm earns is the users' verdict on the ranking: the model arm
// against windowed popularity, counted from the first model release on. Writes the figures into
// BENCHMARKS.md (between the ctr markers).
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { createContentBook } from '@tessera/device-simulator/content-book';
import { simulatedPeople } from '@tessera/device-simulator/people';
import { startSimulator } from '@tessera/device-simulator/simulator';
import type { Simulator } from '@tessera/device-simulator/simulator';
import type { ArmReport } from '@tessera/device-simulator/stats';
import { generateCatalogue } from '@tessera/population/catalogue';
import { Kafka, logLevel } from 'kafkajs';
import { launchStack, waitFor } from '../harness/stack-process.js';
import type { StackProcess } from '../harness/stack-process.js';
import { publishProfiles } from '../harness/profiles.js';
import { DEV_DEVICE_KEY } from '../stack/config.js';

const int = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const PEOPLE = int('BENCH_PEOPLE', 300);
const ITEMS = int('BENCH_ITEMS', 400);
const MINUTES = int('BENCH_MINUTES', 6);
const UNLOCK_MS = int('BENCH_UNLOCK_MS', 3_000);
const SEED = 21;
const log = (line: string) => process.stdout.write(`ctr: ${line}\n`);

let stack: StackProcess | undefined;
let simulator: Simulator | undefined;
try {
  const startedAt = new Date();
  const load = loadavg()[0]!.toFixed(1);
  stack = await launchStack({ SIMULATED_DEVICES: '0', LOG_LEVEL: 'warn', TRAIN_INTERVAL: '30000', TRAIN_MIN_POSITIVES: '30', ARCHIVE_IDLE_FLUSH: '2000' });
  const broker = `127.0.0.1:${stack.ports.KAFKA_PORT}`;
  const now = Date.now();
  const catalogue = generateCatalogue({ items: ITEMS, seed: SEED, startMs: now - 3 * 3_600_000, spanMs: 3 * 3_600_000 });
  const kafka = new Kafka({ brokers: [broker], clientId: 'bench-ctr', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic: 'content.v1', acks: -1, messages: catalogue.map((c) => ({ key: c.item.contentId, value: JSON.stringify({ ...c.item, receivedAt: now }) })) });
  await producer.disconnect();
  const people = simulatedPeople({ count: PEOPLE, seed: SEED, idPrefix: 'ab-', meanUnlockMs: UNLOCK_MS });
  await publishProfiles([broker], people);
  log(`stack up; ${PEOPLE} people, ${ITEMS} items, ${MINUTES} min; load average ${load}`);
  simulator = startSimulator({
    people, seed: SEED, book: createContentBook(SEED, catalogue), secret: DEV_DEVICE_KEY, connectRate: 200,
    socketUrl: `${stack.url('DELIVERY_PORT').replace('http', 'ws')}/v1/socket`, beaconUrl: stack.url('BEACON_PORT'), clicksUrl: stack.url('CLICKS_PORT'),
  });
  const metrics = `${stack.url('RECOMMENDER_PORT')}/metrics`;
  // A scrape that fails on a busy machine is retried, not fatal.
  const modelLoaded = async () => /tessera_recommender_model_loads_total\{[^}]*outcome="loaded"[^}]*\} [1-9]/.test(await (await fetch(metrics)).text().catch(() => ''));
  await waitFor(async () => ((await modelLoaded().catch(() => false)) ? true : undefined), MINUTES * 60_000, 'first model release');
  const atFirstModel = simulator.stats();
  log(`first model loaded: ${JSON.stringify(atFirstModel)}`);
  await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
  const atEnd = simulator.stats();
  const after = subtract(atEnd, atFirstModel);
  log(`since the first model: ${JSON.stringify(after)}`);
  await report({ startedAt, load, before: atFirstModel, after, requests: simulator.requests() });
} catch (error) {
  process.stderr.write(`ctr: FAILED: ${(error as Error).stack}\n${stack?.output().slice(-3_000) ?? ''}\n`);
  process.exitCode = 1;
} finally {
  await simulator?.stop();
  const stopped = await stack?.stop();
  if (stopped && stopped.leftovers.length > 0) process.stderr.write(`ctr: killed leftovers ${stopped.leftovers.join(', ')}\n`);
  if (stack && process.exitCode !== 1) await stack.clean();
}

function subtract(end: readonly ArmReport[], start: readonly ArmReport[]): ArmReport[] {
  return end.map((e) => {
    const s = start.find((x) => x.arm === e.arm);
    const impressions = e.impressions - (s?.impressions ?? 0);
    const clicks = e.clicks - (s?.clicks ?? 0);
    return { arm: e.arm, impressions, clicks, likes: e.likes - (s?.likes ?? 0), shares: e.shares - (s?.shares ?? 0), dismissals: e.dismissals - (s?.dismissals ?? 0), ctr: impressions === 0 ? 0 : clicks / impressions };
  });
}

async function report(run: { startedAt: Date; load: string; before: ArmReport[]; after: ArmReport[]; requests: { accepted: Record<string, number>; failed: number } }): Promise<void> {
  const row = (label: string, r: ArmReport | undefined) => `| ${label} | ${r?.impressions ?? 0} | ${r?.clicks ?? 0} | ${r ? (r.ctr * 100).toFixed(2) : '–'} % |`;
  const model = run.after.find((r) => r.arm === 'model');
  const popularity = run.after.find((r) => r.arm === 'popularity');
  const lift = model && popularity && popularity.ctr > 0 ? `${(((model.ctr / popularity.ctr) - 1) * 100).toFixed(0)} %` : '–';
  const section = [
    '<!-- ctr:start -->',
    `Run of ${run.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${run.load} at the start (shared machine): ${PEOPLE} people, ${ITEMS} catalogue items plus the demo feeds, `
      + `mean unlock every ${UNLOCK_MS / 1000} s per person of average activity, ${MINUTES} min counted from the first model release (trainer every 30 s). `
      + `Requests accepted: ${JSON.stringify(run.requests.accepted)}, refused or failed: ${run.requests.failed}.`,
    '',
    '| arm (since the first model) | impressions | clicks | CTR |',
    '|---|---:|---:|---:|',
    row('model', model),
    row('windowed popularity', popularity),
    '',
    `Model arm CTR relative to the popularity arm: **${lift}** (target: at least +25 %). Before the first model both arms ranked by popularity: ${run.before.map((r) => `${r.arm} ${(r.ctr * 100).toFixed(2)} % of ${r.impressions}`).join(', ') || 'no impressions yet'}.`,
    '<!-- ctr:end -->',
  ].join('\n');
  const file = new URL('../../BENCHMARKS.md', import.meta.url);
  const text = await readFile(file, 'utf8');
  const start = text.indexOf('<!-- ctr:start -->');
  const end = text.indexOf('<!-- ctr:end -->');
  if (start < 0 || end < 0) throw new Error('BENCHMARKS.md has no ctr markers');
  await writeFile(file, text.slice(0, start) + section + text.slice(end + '<!-- ctr:end -->'.length));
  log(`written to BENCHMARKS.md\n${section}`);
}
