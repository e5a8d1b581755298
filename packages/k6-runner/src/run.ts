// Runs one k6 script the way `k6 run` does, for the subset this runner implements: init code in
// every VU (a worker thread each), setup() once, the scenarios' executors with their VUs,
// iterations and durations (gracefulStop, then the VU is stopped), teardown(), the thresholds,
// and the end-of-test summary. Exit codes as k6's: 0, 99 (thresholds failed), 104 (options the
// runner refuses), 107 (the script failed to load, or setup/teardown threw).
import { MessageChannel, Worker } from 'node:worker_threads';
import { serveHttp } from './http-bridge.js';
import { createSink, matches, parseSelector } from './metrics.js';
import type { MetricSelector, MetricType, Sample, Sink } from './metrics.js';
import { OptionsError, planOf } from './options.js';
import type { Plan, Scenario } from './options.js';
import { checkStat, holds, parseThreshold } from './thresholds.js';
import type { Threshold } from './thresholds.js';
import type { FromVu, ToVu, VuData } from './vu/worker.js';

const WORKER = new URL('./vu/worker.ts', import.meta.url);
const REGISTER = new URL('./vu/register.mjs', import.meta.url).href;
const BUILT_IN: Record<string, MetricType> = {
  checks: 'rate', http_reqs: 'counter', http_req_duration: 'trend', http_req_waiting: 'trend', http_req_failed: 'rate',
  iterations: 'counter', iteration_duration: 'trend', dropped_iterations: 'counter', group_duration: 'trend',
  ws_connecting: 'trend', ws_sessions: 'counter', ws_session_duration: 'trend', ws_msgs_sent: 'counter', ws_msgs_received: 'counter',
};

export interface RunResult {
  readonly exitCode: 0 | 99 | 104 | 107;
  readonly summary: string;
  /** Per threshold: metric, source, whether it held and the value it saw. */
  readonly thresholds: readonly { metric: string; source: string; ok: boolean; actual: number }[];
  readonly metrics: Readonly<Record<string, Record<string, number>>>;
  readonly iterationErrors: number;
}

interface Vu {
  readonly id: number;
  iterations: number;
  run(message: ToVu): Promise<Extract<FromVu, { type: 'done' }>>;
  stop(): Promise<void>;
}

export async function runScript(script: string, env: Record<string, string>, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<RunResult> {
  const startedAt = Date.now();
  const sinks = new Map<string, Sink>();
  const checks = new Map<string, { passes: number; fails: number }>();
  const thresholdSinks: { selector: MetricSelector; text: string; thresholds: Threshold[]; sink?: Sink }[] = [];
  let iterationErrors = 0;
  let nextVuId = 1;
  const vus = new Set<Vu>();

  const ingest = (samples: unknown[]) => {
    for (const s of samples as Sample[]) {
      let sink = sinks.get(s.metric);
      if (!sink) sinks.set(s.metric, (sink = createSink(s.type, startedAt)));
      sink.add(s.value);
      if (s.metric === 'checks') {
        const c = checks.get(s.tags.check ?? '') ?? { passes: 0, fails: 0 };
        if (s.value) c.passes += 1; else c.fails += 1;
        checks.set(s.tags.check ?? '', c);
      }
      for (const t of thresholdSinks) if (matches(t.selector, s)) (t.sink ??= createSink(s.type, startedAt)).add(s.value);
    }
  };

  const spawnVu = (id: number, scenarioEnv: Record<string, string>, tags: Record<string, string>): Promise<{ vu: Vu; options: Record<string, unknown>; exports: string[] }> => {
    const buffer = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    serveHttp(channel.port1, new Int32Array(buffer));
    const workerData: VuData = { script, vuId: id, env: { ...env, ...scenarioEnv }, tags, bridge: { port: channel.port2, buffer } };
    const worker = new Worker(WORKER, { workerData, transferList: [channel.port2], execArgv: ['--import', REGISTER], stderr: false, stdout: false });
    let waiting: ((message: Extract<FromVu, { type: 'done' }>) => void) | undefined;
    let exited = false;
    return new Promise((resolve, reject) => {
      worker.on('error', (error) => reject(error));
      worker.on('exit', () => {
        exited = true;
        channel.port1.close();
        waiting?.({ type: 'done', ok: false, error: 'the VU was stopped', samples: [] });
      });
      worker.on('message', (message: FromVu) => {
        if (message.type === 'load-failed') return reject(new ScriptError(message.error));
        if (message.type === 'loaded') {
          const vu: Vu = {
            id, iterations: 0,
            run: (m) => new Promise((done) => {
              if (exited) return done({ type: 'done', ok: false, error: 'the VU was stopped', samples: [] });
              waiting = done;
              worker.postMessage(m);
            }),
            async stop() { channel.port1.close(); await worker.terminate(); },
          };
          vus.add(vu);
          return resolve({ vu, options: message.options as Record<string, unknown>, exports: message.exports });
        }
        ingest(message.samples);
        const done = waiting;
        waiting = undefined;
        done?.(message);
      });
    });
  };

  try {
    let plan: Plan;
    let init: Vu;
    try {
      const loaded = await spawnVu(0, {}, {});
      init = loaded.vu;
      plan = planOf(loaded.options, loaded.exports);
      for (const [text, sources] of Object.entries(plan.thresholds)) {
        const selector = parseSelector(text);
        const thresholds = sources.map(parseThreshold);
        const type = BUILT_IN[selector.metric];
        if (type) for (const t of thresholds) checkStat(t, type, text);
        thresholdSinks.push({ selector, text, thresholds });
      }
    } catch (error) {
      const code = error instanceof ScriptError ? 107 : 104;
      log(`k6-runner: ${error instanceof ScriptError ? 'the script failed to load' : 'refused'}: ${(error as Error).message}`);
      return { exitCode: code, summary: '', thresholds: [], metrics: {}, iterationErrors };
    }
    // setup() in VU 0, with its own timeout.
    const setup = await withTimeout(init.run({ type: 'setup' }), plan.setupTimeoutMs, 'setup()');
    if (!setup.ok && !/exports no function "setup"/.test(setup.error ?? '')) {
      log(`k6-runner: setup() failed: ${setup.error}`);
      return { exitCode: 107, summary: '', thresholds: [], metrics: {}, iterationErrors };
    }
    const data: unknown = setup.result ?? null;

    await Promise.all(plan.scenarios.map((scenario) => runScenario(scenario)));

    const teardown = await withTimeout(init.run({ type: 'teardown', data }), plan.teardownTimeoutMs, 'teardown()');
    if (!teardown.ok && !/exports no function "teardown"/.test(teardown.error ?? '')) {
      log(`k6-runner: teardown() failed: ${teardown.error}`);
      return { exitCode: 107, summary: '', thresholds: [], metrics: {}, iterationErrors };
    }

    const results = thresholdSinks.flatMap((t) => t.thresholds.map((threshold) => {
      // Stricter than k6, which skips a threshold whose metric got no sample: here it fails, so a
      // smoke run cannot pass without doing what its thresholds measure.
      if (!t.sink) return { metric: t.text, source: threshold.source, ok: false, actual: Number.NaN };
      checkStat(threshold, t.sink.type, t.text);
      return { metric: t.text, source: threshold.source, ...holds(threshold, t.sink) };
    }));
    const metrics: Record<string, Record<string, number>> = {};
    for (const [name, sink] of sinks) {
      const stats = { counter: ['count', 'rate'], gauge: ['value', 'min', 'max'], rate: ['rate'], trend: plan.summaryTrendStats }[sink.type];
      metrics[name] = Object.fromEntries(stats.map((s) => [s, sink.stat(s) ?? Number.NaN]));
    }
    const summary = formatSummary(metrics, sinks, checks, results, Date.now() - startedAt);
    return { exitCode: results.every((r) => r.ok) ? 0 : 99, summary, thresholds: results, metrics, iterationErrors };

    async function runScenario(scenario: Scenario): Promise<void> {
      if (scenario.startTimeMs > 0) await new Promise((resolve) => setTimeout(resolve, scenario.startTimeMs));
      const tags = { scenario: scenario.name, ...scenario.tags };
      const pool = await Promise.all(Array.from({ length: scenario.vus }, () => spawnVu(nextVuId++, scenario.env, tags).then((v) => v.vu)));
      const endAt = Date.now() + scenario.durationMs;
      let stopped = false;
      let shared = 0;
      const iterate = async (vu: Vu) => {
        const done = await vu.run({ type: 'iterate', exec: scenario.exec, iteration: vu.iterations, data });
        vu.iterations += 1;
        if (!done.ok && !stopped) {
          iterationErrors += 1;
          log(`k6-runner: iteration ${vu.iterations - 1} of VU ${vu.id} (${scenario.name}) failed: ${done.error}`);
        }
      };
      const loops: Promise<void>[] = [];
      if (scenario.executor === 'constant-arrival-rate') {
        const free = [...pool];
        // VUs added beyond preAllocatedVUs join the pool (stopped with it at the end).
        const busy = new Set<Promise<void>>();
        const gap = scenario.timeUnitMs / scenario.rate;
        let spawned = pool.length;
        for (let n = 0; Date.now() < endAt; n += 1) {
          const due = endAt - scenario.durationMs + n * gap;
          if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
          if (Date.now() >= endAt) break;
          let vu = free.pop();
          if (!vu && spawned < scenario.maxVus) { spawned += 1; vu = (await spawnVu(nextVuId++, scenario.env, tags)).vu; pool.push(vu); }
          if (!vu) { ingest([{ metric: 'dropped_iterations', type: 'counter', value: 1, tags, isTime: false }]); continue; }
          const chosen = vu;
          const running: Promise<void> = iterate(chosen).then(() => { busy.delete(running); free.push(chosen); });
          busy.add(running);
        }
        loops.push(...busy);
      } else {
        for (const vu of pool) {
          loops.push((async () => {
            for (;;) {
              if (stopped || Date.now() >= endAt) return;
              if (scenario.executor === 'shared-iterations') { if (shared >= scenario.iterations) return; shared += 1; }
              if (scenario.executor === 'per-vu-iterations' && vu.iterations >= scenario.iterations) return;
              await iterate(vu);
            }
          })());
        }
      }
      // At the end of the duration, running iterations get gracefulStop to finish; then the VUs stop.
      const all = Promise.all(loops).then(() => 'done' as const);
      const untilEnd = Math.max(0, endAt - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([all, new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), untilEnd + scenario.gracefulStopMs); })]);
      clearTimeout(timer);
      stopped = true;
      if (outcome === 'timeout') log(`k6-runner: scenario ${scenario.name}: iterations still running after gracefulStop were interrupted`);
      await Promise.all(pool.map((v) => v.stop()));
    }
  } finally {
    await Promise.all([...vus].map((v) => v.stop().catch(() => undefined)));
  }
}

class ScriptError extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

function formatSummary(metrics: Record<string, Record<string, number>>, sinks: Map<string, Sink>, checks: Map<string, { passes: number; fails: number }>,
  thresholds: readonly { metric: string; source: string; ok: boolean; actual: number }[], elapsedMs: number): string {
  const lines: string[] = [];
  for (const [name, c] of checks) lines.push(`  ${c.fails === 0 ? '✓' : '✗'} ${name}  (${c.passes} passed, ${c.fails} failed)`);
  if (checks.size > 0) lines.push('');
  for (const name of [...sinks.keys()].sort()) {
    const sink = sinks.get(name)!;
    const stats = metrics[name]!;
    const value = sink.type === 'rate'
      ? `${((stats.rate ?? 0) * 100).toFixed(2)}% of ${sink.samples}`
      : Object.entries(stats).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`).join(' ');
    const marks = thresholds.filter((t) => parseSelector(t.metric).metric === name).map((t) => `${t.ok ? '✓' : '✗'} ${t.metric} ${t.source}`).join(', ');
    lines.push(`  ${name.padEnd(22)} ${value}${marks ? `   [${marks}]` : ''}`);
  }
  for (const t of thresholds.filter((x) => !sinks.has(parseSelector(x.metric).metric))) lines.push(`  ✗ ${t.metric} ${t.source}: no samples`);
  lines.push('', `  ran ${(elapsedMs / 1000).toFixed(1)} s; thresholds ${thresholds.every((t) => t.ok) ? 'passed' : 'FAILED'}`);
  return lines.join('\n');
}
