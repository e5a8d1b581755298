// `npm run soak -- --minutes N`: the local stack (`npm start`, on free ports, a fresh data
// directory and its own Redis) under a steady, bounded mixed load for N minutes (soak/load.ts),
// with every process's RSS and CPU sampled from /proc. At the end: the load stops, the soak waits
// until every accepted event and pushed item has come out on the enriched topics / content.v1,
// stops the stack with Ctrl-C (it must exit 0 and leave no process), reads the archive, and checks
// that each accepted event is there exactly once too. It prints a per-app table (RSS after
// warm-up, at the end, fitted growth, CPU seconds, log volume) and fails when an app's RSS keeps
// growing after warm-up (by more than --max-growth over the judged window, according to both the
// Theil–Sen slope and the medians of its first and last fifths, soak/growth.ts), when anything
// was lost or duplicated, when an app logged an error, or when the stop was not clean.
// Options: --minutes N (default 2), --warmup-minutes W (default min(5, 40 % of N)),
// --max-growth P (percent, default 5; `npm test`'s 2-minute run
// allows 50: in one minute after warm-up single apps swing by up to ±40 % while V8's heap settles,
// so that run only catches a gross leak; its other checks are the same), --rate F (scales every load rate, default 1),
// --keep (keep the data directory).
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_DEVICE_KEY, DEV_EDITORS_KEY } from './stack/config.js';
import { freePort } from './stack/free-port.js';
import { BEACONS, CHECKED_TOPICS, CONTENT, compare, countArchive, countTopics, INTERACTIONS } from './soak/downstream.js';
import type { Counts } from './soak/downstream.js';
import { growthOf } from './soak/growth.js';
import type { Sample } from './soak/growth.js';
import { heapGrowthOf, heapOf } from './soak/heap.js';
import type { HeapSample } from './soak/heap.js';
import { startLoad } from './soak/load.js';
import type { Ledger } from './soak/load.js';
import { levelOf, summarizeLogs } from './soak/logs.js';
import { pidsOf, stackProcesses, usageOf } from './soak/processes.js';
import type { StackProcess } from './soak/processes.js';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    'warmup-minutes': { type: 'string' },
    'max-growth': { type: 'string', default: '5' },
    rate: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const minutes = positive('minutes', args.minutes);
const warmupMinutes = args['warmup-minutes'] !== undefined ? positive('warmup-minutes', args['warmup-minutes']) : Math.round(Math.min(5, minutes * 0.4) * 10) / 10;
const maxGrowth = positive('max-growth', args['max-growth']) / 100;
const rate = positive('rate', args.rate);
if (warmupMinutes >= minutes) fail(`--warmup-minutes (${warmupMinutes}) must be shorter than --minutes (${minutes})`);

const STARTUP_MS = 180_000;
const DRAIN_MS = 120_000;
const STOP_MS = 90_000;
// A sample every ~1/150 of the run, between 2 and 10 s: enough points for a robust slope.
const SAMPLE_MS = Math.min(10_000, Math.max(2_000, Math.round((minutes * 60_000) / 150)));
const INFRASTRUCTURE_LOGS = /^(redis|postgres)/;
/** The port each app serves /metrics on (its ops port, or its HTTP port), for the heap breakdown. */
const METRICS_PORTS: Readonly<Record<string, string>> = {
  aggregator: 'AGGREGATOR_PORT', beacon: 'BEACON_PORT', 'beacon-enricher': 'BEACON_ENRICHER_PORT', 'clicks-tracker': 'CLICKS_PORT',
  'clicks-enricher': 'CLICKS_ENRICHER_PORT', 'users-cdc': 'USERS_CDC_PORT', 'users-table': 'USERS_TABLE_PORT', archiver: 'ARCHIVER_PORT',
  warehouse: 'WAREHOUSE_PORT', recommender: 'RECOMMENDER_PORT', trainer: 'TRAINER_PORT', delivery: 'DELIVERY_PORT',
};

const startedAt = Date.now();
const dataDir = await mkdtemp(join(tmpdir(), 'tessera-soak-'));
await chmod(dataDir, 0o755); // a local Postgres runs as the postgres user and must reach its data
const portNames = ['KAFKA_PORT', 'KAFKA_ADMIN_PORT', 'DEMO_FEEDS_PORT', 'AGGREGATOR_PORT', 'BEACON_PORT', 'BEACON_ENRICHER_PORT',
  'CLICKS_PORT', 'CLICKS_ENRICHER_PORT', 'USERS_CDC_PORT', 'USERS_TABLE_PORT', 'ARCHIVER_PORT', 'WAREHOUSE_PORT', 'RECOMMENDER_PORT', 'TRAINER_PORT', 'DELIVERY_PORT'];
const ports: Record<string, string> = {};
for (const name of portNames) ports[name] = String(await freePort());
const url = (port: string) => `http://127.0.0.1:${ports[port]}`;

const cwd = new URL('..', import.meta.url).pathname;
// The stack starts its own Redis (nothing answers on this port) and plays no demo devices: the
// soak's load is the only traffic, so every event it counts is one it sent.
const env = {
  ...process.env, ...ports, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, TESSERA_DATA_DIR: dataDir, SIMULATED_DEVICES: '0',
  // The trainer holds one TRAIN_WINDOW of interactions while it trains: a window no longer than
  // the warm-up is full (its steady state) by the time growth is judged.
  TRAIN_WINDOW: String(Math.max(60_000, Math.round(warmupMinutes * 60_000))), LOG_LEVEL: 'info',
};
const launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
launcher.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
const exited = new Promise<number | null>((resolve) => launcher.once('close', (code) => resolve(code)));
const problems: string[] = [];

try {
  await until(() => output.includes('Ctrl-C stops everything.'), STARTUP_MS, 'the stack\'s summary');
  const processes = await stackProcesses(dataDir);
  log(`stack up in ${seconds(startedAt)} s: ${processes.map((p) => p.name).join(', ')}`);
  const topics = await countTopics(`127.0.0.1:${ports.KAFKA_PORT}`);

  const load = await startLoad({
    beaconUrl: url('BEACON_PORT'), clicksUrl: url('CLICKS_PORT'), pushUrl: url('AGGREGATOR_PORT'), pushKey: DEV_EDITORS_KEY,
    deliveryUrl: url('DELIVERY_PORT'), deviceSecret: DEV_DEVICE_KEY, users: 300,
    beaconsPerSec: 20 * rate, batchesPerSec: 10 * rate, eventsPerBatch: 10, duplicateShare: 0.1, pushPerSec: 0.5 * rate,
    feedReadsPerSec: 5 * rate, maxInFlight: 64,
  });
  const loadStart = Date.now();
  log(`load: ${20 * rate} beacons/s, ${100 * rate} interactions/s (10 % of batches repeat an event), ${0.5 * rate} push items/s, ${5 * rate} feed reads/s for ${minutes} min; warm-up ${warmupMinutes} min`);
  const samples = new Map<StackProcess, Sample[]>(processes.map((p) => [p, []]));
  const heaps = new Map<string, HeapSample[]>();
  const sample = async () => {
    const t = (Date.now() - loadStart) / 1000;
    for (const [p, list] of samples) {
      const usage = await usageOf(p.pid, { children: p.app });
      if (usage) list.push({ t, ...usage });
      else problems.push(`${p.name} (pid ${p.pid}) is gone at ${Math.round(t)} s`);
    }
    await Promise.all(Object.entries(METRICS_PORTS).map(async ([name, port]) => {
      const heap = await heapOf(`${url(port)}/metrics`);
      if (heap) heaps.set(name, [...(heaps.get(name) ?? []), { t, ...heap }]);
    }));
  };
  await sample();
  let nextProgress = loadStart + 60_000;
  while (Date.now() - loadStart < minutes * 60_000) {
    await sleep(Math.min(SAMPLE_MS, loadStart + minutes * 60_000 - Date.now()));
    if (launcher.exitCode !== null) throw new Error(`the stack exited (${launcher.exitCode}) during the load`);
    await sample();
    if (Date.now() >= nextProgress) {
      nextProgress += 60_000;
      log(`${Math.round((Date.now() - loadStart) / 60_000)} min: accepted ${load.ledger.beacons.size} beacons, ${load.ledger.interactions.size} interactions, ${load.ledger.content.size} items; seen ${topics.counts[BEACONS].size} / ${topics.counts[INTERACTIONS].size} / ${topics.counts[CONTENT].size}`);
    }
  }
  await load.stop();
  const ledger = load.ledger;
  log(`load stopped: accepted ${ledger.beacons.size} beacons, ${ledger.interactions.size} interactions (+${ledger.duplicatesSent} repeated), ${ledger.content.size} push items; ${ledger.feedReads} feed reads; ${ledger.skipped} skipped at the in-flight cap`);
  // A refusal (an HTTP error answer) fails the soak; a request with no answer within 15 s (a busy
  // machine) is reported only: it was not accepted, so nothing downstream expects it.
  const refused = [...ledger.refused].filter(([k]) => !k.endsWith(' failed'));
  const unanswered = [...ledger.refused].filter(([k]) => k.endsWith(' failed'));
  if (unanswered.length > 0) log(`requests without an answer (not counted as accepted): ${unanswered.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  if (refused.length > 0) problems.push(`refused requests: ${refused.map(([k, n]) => `${k} ×${n}`).join(', ')}`);

  const expected = expectedOf(ledger);
  const drained = await waitFor(() => CHECKED_TOPICS.every((topic) => [...expected[topic]].every((id) => topics.counts[topic].has(id))), DRAIN_MS);
  await sleep(3_000); // a late duplicate would arrive now
  await topics.stop();
  if (!drained) problems.push(`not everything arrived downstream within ${DRAIN_MS / 1000} s of the load's end`);
  checkExactlyOnce('topic', expected, topics.counts);

  process.kill(-(launcher.pid as number), 'SIGINT');
  const stopStart = Date.now();
  const code = await Promise.race([exited, sleep(STOP_MS).then(() => `nothing (still running ${STOP_MS / 1000} s later)`)]);
  if (code !== 0) problems.push(`the stack exited with ${code} after Ctrl-C`);
  const left = await pidsOf(dataDir);
  if (left.length > 0) problems.push(`processes left after the stop: ${left.join(', ')}`);
  log(`stopped in ${seconds(stopStart)} s (exit ${code})`);
  checkExactlyOnce('archive', expected, await countArchive(join(dataDir, 'archive')));

  const logs = await summarizeLogs(join(dataDir, 'logs'));
  const launcherErrors = output.split('\n').filter((l) => levelOf(l) >= 50);
  if (launcherErrors.length > 0) problems.push(`the launcher logged ${launcherErrors.length} error line(s): ${launcherErrors[0]!.slice(0, 300)}`);
  for (const summary of logs.filter((l) => !INFRASTRUCTURE_LOGS.test(l.file) && l.errorCount > 0)) {
    problems.push(`${summary.file}: ${summary.errorCount} error line(s), e.g. ${summary.errors[0]}`);
  }
  printTable(samples, logs, ledger);
  printHeapTable(heaps);
} catch (error) {
  problems.push((error as Error).message);
  process.stderr.write(`--- npm start output (tail) ---\n${output.slice(-4_000)}\n`);
  if (launcher.exitCode === null) process.kill(-(launcher.pid as number), 'SIGTERM');
  await Promise.race([exited, sleep(STOP_MS)]);
  for (const pid of await pidsOf(dataDir)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

if (problems.length > 0) {
  process.stderr.write(`soak: FAILED after ${seconds(startedAt)} s:\n  - ${problems.join('\n  - ')}\nlogs kept in ${join(dataDir, 'logs')}\n`);
  process.exitCode = 1;
} else {
  log(`passed in ${seconds(startedAt)} s`);
  if (!args.keep) await rm(dataDir, { recursive: true, force: true });
}
if (args.keep && problems.length === 0) log(`data kept in ${dataDir}`);
// Everything this run started is stopped; a handle left behind by a client library (an HTTP
// keep-alive pool, kafkajs' timers) must not keep `npm test` waiting after the verdict.
process.exit(process.exitCode ?? 0);

function expectedOf(ledger: Ledger): Record<(typeof CHECKED_TOPICS)[number], ReadonlySet<string>> {
  return { [BEACONS]: ledger.beacons, [INTERACTIONS]: ledger.interactions, [CONTENT]: ledger.content };
}

function checkExactlyOnce(where: string, expected: ReturnType<typeof expectedOf>, counts: Counts): void {
  for (const topic of CHECKED_TOPICS) {
    const result = compare(expected[topic], counts[topic]);
    log(`${where} ${topic}: ${expected[topic].size} expected, ${result.missing} missing, ${result.duplicated} duplicated`);
    if (result.missing > 0 || result.duplicated > 0) problems.push(`${where} ${topic}: ${result.missing} missing, ${result.duplicated} duplicated (e.g. ${result.examples.join(', ')})`);
  }
}

function printTable(samples: Map<StackProcess, Sample[]>, logs: Awaited<ReturnType<typeof summarizeLogs>>, ledger: Ledger): void {
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  const rows = [['app', `RSS at ${warmupMinutes} min (MB)`, 'RSS at end (MB)', 'growth', 'fitted growth', 'slope (MB/min)', 'CPU (s)', 'log (KB)', 'verdict']];
  for (const [p, list] of [...samples].sort(([a], [b]) => a.name.localeCompare(b.name))) {
    const growth = growthOf(list, warmupMinutes * 60);
    const logFile = logs.find((l) => l.file === `${p.name}.log`);
    if (!growth) {
      rows.push([p.name, '-', '-', '-', '-', '-', '-', logFile ? (logFile.bytes / 1024).toFixed(0) : '-', 'too few samples']);
      if (!p.infrastructure) problems.push(`${p.name}: too few samples after warm-up`);
      continue;
    }
    // Both must agree: the robust slope over every judged sample, and the medians of the window's
    // first and last fifths (a sawtooth of garbage collections moves neither much).
    const growing = growth.fittedGrowth > maxGrowth && growth.rssAtEnd / growth.rssAfterWarmup - 1 > maxGrowth;
    if (growing && !p.infrastructure) problems.push(`${p.name}: RSS keeps growing after warm-up (${pct(growth.fittedGrowth)} fitted over the judged window, ${(growth.slopePerMin / 1_048_576).toFixed(2)} MB/min)`);
    rows.push([
      p.name, mb(growth.rssAfterWarmup), mb(growth.rssAtEnd), pct(growth.rssAtEnd / growth.rssAfterWarmup - 1), pct(growth.fittedGrowth),
      (growth.slopePerMin / 1_048_576).toFixed(2), growth.cpuSeconds.toFixed(1), logFile ? (logFile.bytes / 1024).toFixed(0) : '-',
      p.infrastructure ? 'not judged' : growing ? 'GROWING' : 'flat',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const text = rows.map((r, n) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |${n === 0 ? `\n|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|` : ''}`).join('\n');
  process.stdout.write(`\n${text}\n\n`);
  process.stdout.write(`events: ${ledger.beacons.size} beacons, ${ledger.interactions.size} interactions (+${ledger.duplicatesSent} repeated eventIds), ${ledger.content.size} push items, ${ledger.feedReads} feed reads; samples every ${SAMPLE_MS / 1000} s; growth judged from ${warmupMinutes} min (limit ${pct(maxGrowth)})\n`);
  const totalLog = logs.reduce((sum, l) => sum + l.bytes, 0);
  process.stdout.write(`logs: ${(totalLog / 1024).toFixed(0)} KB in ${logs.length} files, ${logs.reduce((s, l) => s + l.warnings, 0)} warnings, ${logs.reduce((s, l) => s + l.errorCount, 0)} errors\n`);
}

/** Where the RSS went: V8's used heap and its external memory after warm-up and at the end (from /metrics). */
function printHeapTable(heaps: Map<string, HeapSample[]>): void {
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  const lines = ['| app | heap used at warm-up (MB) | heap used at end (MB) | heap total at warm-up (MB) | heap total at end (MB) | of which new space, warm-up / end (MB) | external at warm-up (MB) | external at end (MB) |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const [name, list] of [...heaps].sort(([a], [b]) => a.localeCompare(b))) {
    const g = heapGrowthOf(list, warmupMinutes * 60);
    if (g) lines.push(`| ${name} | ${mb(g.heapAfterWarmup)} | ${mb(g.heapAtEnd)} | ${mb(g.totalAfterWarmup)} | ${mb(g.totalAtEnd)} | ${mb(g.newAfterWarmup)} / ${mb(g.newAtEnd)} | ${mb(g.externalAfterWarmup)} | ${mb(g.externalAtEnd)} |`);
  }
  process.stdout.write(`V8 heap per app, main thread (its /metrics; "used" includes garbage not yet collected; RSS minus heap total and external is native memory, code and worker threads):\n${lines.join('\n')}\n\n`);
}

function pct(share: number): string {
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} %`;
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} expects a positive number, got ${JSON.stringify(value)}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(2);
}

function log(message: string): void {
  process.stdout.write(`soak: ${message}\n`);
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (launcher.exitCode !== null) throw new Error(`npm start exited (${launcher.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
