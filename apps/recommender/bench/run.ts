// `npm run bench -w @tessera/recommender`: the recommender's throughput, latency and Redis round
// trips against its windowed-popularity baseline (bench/throughput.ts), then the A/B simulation
// of served-feed CTR (bench/ab.ts), on one world (private redis-server, embedded broker over TCP,
// a model trained by the trainer's run). Sizes come from BENCH_* variables. Prints Markdown.
import { cpus, loadavg, totalmem } from 'node:os';
import { runAb } from './ab.js';
import { runThroughput } from './throughput.js';
import type { ArmRun } from './throughput.js';
import { cleanup, log, startWorld } from './world.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const only = process.env.BENCH_ONLY ?? 'all';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function throughputTable(runs: ArmRun[]): string {
  const of = (arm: ArmRun['arm']) => runs.filter((r) => r.arm === arm);
  const row = (label: string, f: (r: ArmRun) => number, digits = 0, ratio = true) => {
    const m = median(of('model').map(f));
    const b = median(of('baseline').map(f));
    const each = (arm: ArmRun['arm']) => of(arm).map((r) => f(r).toFixed(digits)).join(', ');
    return `| ${label} | ${m.toFixed(digits)} (${each('model')}) | ${b.toFixed(digits)} (${each('baseline')}) | ${ratio ? (m / b).toFixed(2) : ''} |`;
  };
  return [
    '| median (each run) | model arm | baseline (popularity, no model) | model / baseline |',
    '|---|---|---|---|',
    row('feeds per CPU-second of the recommender process', (r) => r.feeds / r.cpuSeconds),
    row('feeds per second, wall clock', (r) => r.feeds / r.wallSeconds),
    row('recommender CPU while draining (cores)', (r) => r.cpuSeconds / r.wallSeconds, 2),
    row('candidates per feed (mean)', (r) => r.candidatesMean),
    row('ranking time per feed (ms, mean)', (r) => r.scoringMsMean, 2),
    row('Redis round trips per event', (r) => r.roundTripsPerEvent, 2),
    row('Redis commands per event (incl. inside scripts)', (r) => r.commandsPerEvent, 0),
    row('event → feed p50 at the steady rate (ms)', (r) => r.latency.p50),
    row('event → feed p99 at the steady rate (ms)', (r) => r.latency.p99),
  ].join('\n');
}

const world = await startWorld();
try {
  const cpu = cpus()[0]?.model ?? 'unknown';
  process.stdout.write(`\nMachine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at start ${loadavg()[0]!.toFixed(1)}\n\n`);
  if (only === 'all' || only === 'throughput') {
    const options = {
      users: env('BENCH_USERS', 400), items: env('BENCH_ITEMS', 2_000), history: env('BENCH_HISTORY', 6_000),
      backlog: env('BENCH_BACKLOG', 200), rate: env('BENCH_RATE', 5), rateSeconds: env('BENCH_RATE_SECONDS', 6),
      rounds: env('BENCH_ROUNDS', 1), seed: env('BENCH_SEED', 7),
    };
    const { runs, setup } = await runThroughput(world, options);
    process.stdout.write(`## Throughput (${JSON.stringify(options)}; setup ${JSON.stringify(setup)}; load average now ${loadavg()[0]!.toFixed(1)})\n\n${throughputTable(runs)}\n\n`);
    for (const r of runs) process.stdout.write(`- ${r.arm}: ${r.feeds} feeds, ${r.wallSeconds.toFixed(1)} s, ${r.cpuSeconds.toFixed(1)} CPU s, models ${r.modelVersions.join(' ')}, commands/event ${r.topCommands.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; latency n=${r.latency.n}\n`);
  }
  if (only === 'all' || only === 'ab') {
    const options = {
      users: env('BENCH_AB_USERS', 200), items: env('BENCH_AB_ITEMS', 1_200), warmup: env('BENCH_AB_WARMUP', 6),
      rounds: env('BENCH_AB_ROUNDS', 8), shown: env('BENCH_AB_SHOWN', 3), seed: env('BENCH_SEED', 7),
    };
    const abWorld = only === 'ab' ? world : await startWorld();
    const r = await runAb(abWorld, options);
    const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
    const arm = (name: string, t: typeof r.model) => `| ${name} | ${t.users} | ${t.impressions} | ${t.clicks} | ${pct(t.ctr)} | ${pct(t.interval[0])} – ${pct(t.interval[1])} | ${pct(t.expectedCtr)} |`;
    process.stdout.write([
      `## A/B (${JSON.stringify(options)}; model ${r.release} trained on ${r.trainingEvents} warm-up events; load average now ${loadavg()[0]!.toFixed(1)})`, '',
      '| arm | users | cards shown | clicks | served-feed CTR | 95 % interval (bootstrap over users) | mean true click probability of the cards shown |',
      '|---|---|---|---|---|---|---|',
      arm('model', r.model), arm('control (windowed popularity)', r.control), '',
      `Model / control CTR: **${r.ratio.toFixed(2)}×** (95 % interval ${r.ratioInterval[0].toFixed(2)}–${r.ratioInterval[1].toFixed(2)}); ` +
        `on the click model's own probabilities ${r.expectedRatio.toFixed(2)}×. Model-arm feeds ranked by the model while measuring: ${r.modelFeeds}; users left without a new feed in a round: ${r.missedFeeds}.`, '',
    ].join('\n'));
  }
} finally {
  await cleanup();
}
log('done');
process.exit(0);
