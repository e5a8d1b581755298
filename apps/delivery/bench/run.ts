// `npm run bench -w @tessera/delivery`: delivery against a bare fastify + ws server, in one run,
// on the same embedded broker and machine. For each server: N idle connections from several
// client processes (RSS per connection, idle CPU), a backlog of feeds pushed through Kafka
// (pushes/s at the clients, server CPU), a steady rate (push latency: consumed -> frame written
// at the server, and produced -> received at the clients), then a reconnect storm (every client
// drops and reconnects at once, admitted at the configured rate). Sizes come from BENCH_*
// variables; the defaults run in a few minutes. Prints a Markdown summary (BENCHMARKS.md).
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Feed } from '@tessera/contracts/schemas/feed';
import { exampleFeed } from '@tessera/contracts/examples';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { cleanRedis, eventually, provision, scopeNames, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import type { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';

const N = Number(process.env.BENCH_CONNECTIONS ?? 10_000);
const PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const PUSH_USERS = Math.min(N, Number(process.env.BENCH_PUSH_USERS ?? 2_000));
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 30_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 10);
// Below what this shared 2-core box can handshake (a few hundred per second while the load
// generator runs beside the server), so the storm shows admission control doing the pacing.
const CONNECTION_RATE = Number(process.env.BENCH_CONNECTION_RATE ?? 500);
const SECRET = 'bench-device-key-0123456789abcdef';
const appDir = fileURLToPath(new URL('..', import.meta.url));
const id = uid('bench');

/** Every child process started, killed on Ctrl-C. */
const spawned: ChildProcess[] = [];
const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function procStat(pid: number): { rssBytes: number; cpuSec: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { rssBytes: rssKb * 1024, cpuSec: (Number(fields[11]) + Number(fields[12])) / 100 };
}

function eventId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A three-card feed (~1.3 KB), as the recommender produces it. */
function feed(userId: string, occurredAt = Date.now()): Feed {
  const base = exampleFeed();
  const card = base.cards[0]!;
  const e = eventId();
  return { ...base, eventId: e, feedId: e, userId, occurredAt, cards: [0, 1, 2].map((position) => ({ ...card, contentId: `c-${position}-${e.slice(0, 8)}`, position })) };
}

interface Memory { rss: number; heapUsed: number; external: number }

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  /** Live memory after a full GC (bench/gc-preload.cjs, SIGUSR2). */
  memory(): Promise<Memory>;
  connections(): Promise<number>;
  /** Server-side push latency since the last reset, ms. */
  latency(): Promise<{ p50: string; p99: string }>;
  resetLatency(): Promise<void>;
  stop(): Promise<void>;
}

async function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output.slice(-3000)}`)), 90_000);
    const onData = (c: Buffer) => {
      output += c.toString();
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output.slice(-3000)}`)));
  });
}

async function histogramQuantiles(port: number, before: Map<string, number>): Promise<{ p50: string; p99: string }> {
  const buckets = await histogram(port);
  const total = buckets.get('+Inf')! - (before.get('+Inf') ?? 0);
  const at = (q: number) => {
    for (const [le, count] of buckets) if (count - (before.get(le) ?? 0) >= q * total) return le === '+Inf' ? '> 2500' : `≤ ${Number(le) * 1000}`;
    return 'n/a';
  };
  return { p50: at(0.5), p99: at(0.99) };
}

async function handlerSeconds(port: number): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const pick = (suffix: string) => Number(new RegExp(`^tessera_consumer_handler_seconds_${suffix}\\{[^}]*recommendations\\.v1[^}]*\\} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? 0);
  return { sum: pick('sum'), count: pick('count') };
}

async function histogram(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const map = new Map<string, number>();
  for (const m of text.matchAll(/tessera_delivery_push_latency_seconds_bucket\{le="([^"]+)"[^}]*\} (\d+)/g)) map.set(m[1]!, Number(m[2]));
  return map;
}

const PRELOAD = ['--expose-gc', '--require', './bench/gc-preload.cjs'];

function memoryReader(child: ChildProcess): () => Promise<Memory> {
  let waiting: ((m: Memory) => void) | undefined;
  let partial = '';
  child.stderr!.on('data', (c: Buffer) => {
    partial += c.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{"benchMemory"')) continue;
      waiting?.((JSON.parse(line) as { benchMemory: Memory }).benchMemory);
      waiting = undefined;
    }
  });
  return () => new Promise((resolve) => {
    waiting = resolve;
    child.kill('SIGUSR2');
  });
}

async function startServer(kind: 'bare' | 'delivery', kafkaBrokers: string, prefix: string, group: string): Promise<Server> {
  if (kind === 'bare') {
    const child = spawn(process.execPath, [...PRELOAD, '--import', 'tsx', 'bench/bare-server.ts'], {
      cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BROKERS: kafkaBrokers, TOPIC: `${prefix}.recommendations.v2`, GROUP: group, PORT: '0' },
    });
    spawned.push(child);
    const port = Number((await waitForLine(child, /"port":(\d+)/, 'bare server'))[1]);
    const memory = memoryReader(child);
    const stats = async () => (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { connections: number; p50Ms: number; p99Ms: number };
    return {
      child, port, memory,
      connections: async () => (await stats()).connections,
      latency: async () => {
        const s = await stats();
        return { p50: s.p50Ms?.toFixed(1) ?? 'n/a', p99: s.p99Ms?.toFixed(1) ?? 'n/a' };
      },
      resetLatency: async () => { await fetch(`http://127.0.0.1:${port}/stats/reset`, { method: 'POST' }); },
      stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); },
    };
  }
  // BENCH_DELIVERY_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the node.
  const nodeArgs = (process.env.BENCH_DELIVERY_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...PRELOAD, ...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, PORT: '0', NODE_ID: `${id}-node`, KAFKA_BROKERS: kafkaBrokers, TOPIC_PREFIX: prefix, FEEDS_GROUP: group,
      TAKEDOWNS_GROUP: `${group}-takedowns`, JWT_HS256_SECRET: SECRET, PROVISION_TOPICS: 'false', LOG_LEVEL: 'info',
      CONNECTION_RATE: String(CONNECTION_RATE), DRAIN_PERIOD: '1s',
    },
  });
  spawned.push(child);
  const port = Number(new URL((await waitForLine(child, /"url":"(http:\/\/[^"]+)"[^\n]*delivery listening/, 'delivery'))[1]!).port);
  // Its log, for a run that looks wrong.
  const logFile = createWriteStream(join(tmpdir(), `${id}-delivery.log`));
  child.stdout!.pipe(logFile);
  child.stderr!.pipe(logFile);
  log(`delivery on port ${port}, log: ${join(tmpdir(), `${id}-delivery.log`)}`);
  let before = new Map<string, number>();
  const memory = memoryReader(child);
  return {
    child, port, memory,
    connections: async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return Number(/^tessera_delivery_connections\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
    },
    latency: () => histogramQuantiles(port, before),
    resetLatency: async () => { before = await histogram(port); },
    stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); },
  };
}

interface Clients {
  command<T>(cmd: string): Promise<T[]>;
  stop(): void;
}

async function startClients(kind: 'bare' | 'delivery', port: number, users: string[]): Promise<Clients> {
  const per = Math.ceil(users.length / PROCESSES);
  const children = await Promise.all(Array.from({ length: PROCESSES }, async (_, p) => {
    const child = fork(fileURLToPath(new URL('client-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'], cwd: appDir,
      env: { ...process.env, BENCH_CLIENT: JSON.stringify({ host: '127.0.0.1', port, localAddress: `127.0.0.${10 + p}`, users: users.slice(p * per, (p + 1) * per), auth: kind === 'delivery' ? 'jwt' : 'none', secret: SECRET }) },
    });
    spawned.push(child);
    await new Promise<void>((resolve) => child.once('message', () => resolve()));
    return child;
  }));
  return {
    command: <T>(cmd: string) => Promise.all(children.map((child) => new Promise<T>((resolve) => {
      const onMessage = (m: { cmd: string }) => {
        if (m.cmd !== cmd) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.send({ cmd });
    }))),
    stop: () => { for (const c of children) c.kill('SIGKILL'); },
  };
}

interface Stats { open: number; frames: number; feeds: number; p50: number; p99: number; max: number; samples: number }
interface ConnectResult { connected: number; refused: number; failed: number; durationMs: number; perSecond: Record<string, number> }

async function waitForGroup(kafka: Kafka, group: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await eventually(async () => {
    const { groups } = await admin.describeGroups([group]);
    return groups[0]?.state === 'Stable' ? true : undefined;
  }, `group ${group}`, 60_000);
  await admin.disconnect();
}

async function measure(kind: 'bare' | 'delivery', kafka: Kafka, brokers: string) {
  const prefix = `${id}-${kind}`;
  const names = scopeNames(prefix);
  await provision(kafka, names, ['recommendations.v2', 'content.v1', 'dlq.v1']);
  const group = `${prefix}-feeds`;
  const server = await startServer(kind, brokers, prefix, group);
  await waitForGroup(kafka, group);
  const producer: StreamProducer = createProducer({ kafka, names, lingerMs: 5 });
  await producer.connect();
  const users = Array.from({ length: N }, (_, i) => `${id}-u${i}`);
  const pid = server.child.pid!;
  const result: Record<string, string | number> = { server: kind };
  try {
    await sleep(2_000);
    const memBefore = await server.memory();
    const idleBefore = procStat(pid);
    const clients = await startClients(kind, server.port, users);
    log(`${kind}: connecting ${N} sockets from ${PROCESSES} processes`);
    const connected = await clients.command<ConnectResult>('connect');
    result.connected = connected.reduce((s, c) => s + c.connected, 0);
    result.connectSeconds = (Math.max(...connected.map((c) => c.durationMs)) / 1000).toFixed(1);
    await sleep(5_000);
    const settled = procStat(pid);
    await sleep(10_000);
    const idleAfter = procStat(pid);
    const memAfter = await server.memory();
    const perConn = (bytes: number) => (bytes / Number(result.connected) / 1024).toFixed(1);
    result.rssBeforeMB = (memBefore.rss / 2 ** 20).toFixed(0);
    result.rssAfterMB = (memAfter.rss / 2 ** 20).toFixed(0);
    result.rssPerConnKB = perConn(memAfter.rss - memBefore.rss);
    result.heapPerConnKB = perConn(memAfter.heapUsed + memAfter.external - memBefore.heapUsed - memBefore.external);
    result.idleCores = ((idleAfter.cpuSec - settled.cpuSec) / 10).toFixed(3);
    log(`${kind}: ${result.connected} connected, RSS ${result.rssBeforeMB} -> ${result.rssAfterMB} MB`);

    // Backlog: serialized up front and produced in large batches (faster than either server
    // drains it), so the rate at the clients is the server's. In order, each feed of a user newer
    // than the last: delivery drops a feed older than the user's current one (stale).
    await clients.command('reset');
    const base = Date.now();
    const backlog = Array.from({ length: BACKLOG }, (_, i) => {
      const f = feed(users[i % PUSH_USERS]!, base + i);
      return { key: f.userId, value: JSON.stringify(f) };
    });
    const cpu0 = procStat(pid).cpuSec;
    const handler0 = kind === 'delivery' ? await handlerSeconds(server.port) : undefined;
    const t0 = Date.now();
    const raw = kafka.producer();
    await raw.connect();
    const chunks = Array.from({ length: Math.ceil(BACKLOG / 1000) }, (_, c) => backlog.slice(c * 1000, (c + 1) * 1000));
    for (const messages of chunks) await raw.send({ topic: names.physical('recommendations.v2'), messages });
    await raw.disconnect();
    const producedMs = Date.now() - t0;
    let received = 0;
    await eventually(async () => {
      received = (await clients.command<Stats>('stats')).reduce((s, c) => s + c.feeds, 0);
      return received >= BACKLOG ? true : undefined;
    }, 'the backlog at the clients', 180_000).catch(() => undefined);
    const pushMs = Date.now() - t0;
    const cpu1 = procStat(pid).cpuSec;
    result.backlogReceived = received;
    result.producedPerSec = Math.round(BACKLOG / (producedMs / 1000));
    result.pushesPerSec = Math.round(received / (pushMs / 1000));
    result.pushCores = ((cpu1 - cpu0) / (pushMs / 1000)).toFixed(2);
    if (handler0) {
      // Where the wall time went: inside the consumer's handler (appends in Redis, writes) or
      // outside it (fetch, decode, commit).
      const handler1 = await handlerSeconds(server.port);
      result.handlerBatches = handler1.count - handler0.count;
      result.handlerShare = ((handler1.sum - handler0.sum) / (pushMs / 1000)).toFixed(2);
    }
    log(`${kind}: ${received} pushes in ${pushMs} ms`);

    // Steady rate: latency.
    await clients.command('reset');
    await server.resetLatency();
    const total = RATE * RATE_SECONDS;
    const perTick = Math.max(1, Math.round(RATE / 20));
    const start = Date.now();
    for (let sent = 0; sent < total; sent += perTick) {
      const due = start + (sent / RATE) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      await producer.send('recommendations.v2', Array.from({ length: Math.min(perTick, total - sent) }, (_, i) => feed(users[(sent + i) % PUSH_USERS]!)));
    }
    await eventually(async () => ((await clients.command<Stats>('stats')).reduce((s, c) => s + c.feeds, 0) >= total ? true : undefined), 'the steady feeds', 60_000).catch(() => undefined);
    const stats = await clients.command<Stats>('stats');
    const serverLatency = await server.latency();
    result.rate = RATE;
    result.serverP50Ms = serverLatency.p50;
    result.serverP99Ms = serverLatency.p99;
    result.e2eP50Ms = Math.max(...stats.map((s) => s.p50));
    result.e2eP99Ms = Math.max(...stats.map((s) => s.p99));

    // Reconnect storm: every socket drops at once, every client reconnects at once.
    await clients.command('drop');
    await eventually(async () => ((await server.connections()) === 0 ? true : undefined), 'the server to see the drop', 60_000);
    const rssBeforeStorm = procStat(pid).rssBytes;
    let peak = rssBeforeStorm;
    const sampler = setInterval(() => { try { peak = Math.max(peak, procStat(pid).rssBytes); } catch { /* exited */ } }, 250);
    log(`${kind}: reconnect storm of ${N}`);
    const storm = await clients.command<ConnectResult>('connect');
    clearInterval(sampler);
    const perSecond = new Map<string, number>();
    for (const s of storm) for (const [sec, n] of Object.entries(s.perSecond)) perSecond.set(sec, (perSecond.get(sec) ?? 0) + n);
    result.stormReconnected = storm.reduce((s, c) => s + c.connected, 0);
    result.stormSeconds = (Math.max(...storm.map((c) => c.durationMs)) / 1000).toFixed(1);
    result.stormRefused503 = storm.reduce((s, c) => s + c.refused, 0);
    result.stormFailed = storm.reduce((s, c) => s + c.failed, 0);
    // Whole seconds only (the first and last are partial).
    const full = [...perSecond.entries()].sort(([a], [b]) => Number(a) - Number(b)).slice(1, -1).map(([, n]) => n);
    result.stormMaxAdmittedPerSec = full.length > 0 ? Math.max(...full) : Math.max(...perSecond.values());
    result.stormRssPeakMB = (peak / 2 ** 20).toFixed(0);
    result.stormRssBeforeMB = (rssBeforeStorm / 2 ** 20).toFixed(0);
    result.serverAlive = server.child.exitCode === null ? 'yes' : `no (${server.child.exitCode})`;
    clients.stop();
  } finally {
    await producer.close();
    await server.stop();
  }
  return result;
}

const broker = await startTestBroker();
const kafka = testKafka(broker, 5);
const redis = testRedis();
// Ctrl-C: no server or client process and no Redis key of this run is left behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of spawned) child.kill('SIGKILL');
    void cleanRedis(redis, id).finally(() => process.exit(130));
  });
}
const results: Record<string, string | number>[] = [];
try {
  for (const kind of ['bare', 'delivery'] as const) results.push(await measure(kind, kafka, broker.brokers.join(',')));
} finally {
  await cleanRedis(redis, id);
  redis.disconnect();
  await broker.close();
}

const [bare, delivery] = results as [Record<string, string | number>, Record<string, string | number>];
const rows: [string, string][] = [
  ['connections held', 'connected'], ['connect time (s)', 'connectSeconds'], ['RSS after GC, before → after (MB)', ''], ['RSS per connection (KB)', 'rssPerConnKB'],
  ['heap + external per connection (KB)', 'heapPerConnKB'],
  ['idle CPU (cores, 10 s)', 'idleCores'], ['backlog pushes received', 'backlogReceived'], ['pushes/s (backlog, at the clients)', 'pushesPerSec'],
  ['server CPU while pushing (cores)', 'pushCores'], [`push latency p50 / p99 at ${RATE}/s, server (ms)`, ''], [`produced → received p50 / p99 at ${RATE}/s (ms)`, ''],
  ['storm: reconnected', 'stormReconnected'], ['storm: all back in (s)', 'stormSeconds'], ['storm: 503 answers', 'stormRefused503'],
  ['storm: most upgrades completed in one second (first and last excluded)', 'stormMaxAdmittedPerSec'], ['storm: RSS before → peak (MB)', ''], ['server alive after', 'serverAlive'],
];
const cell = (r: Record<string, string | number>, key: string, label: string) => {
  if (label.startsWith('RSS after GC')) return `${r.rssBeforeMB} → ${r.rssAfterMB}`;
  if (label.startsWith('push latency')) return `${r.serverP50Ms} / ${r.serverP99Ms}`;
  if (label.startsWith('produced')) return `${r.e2eP50Ms} / ${r.e2eP99Ms}`;
  if (label.startsWith('storm: RSS')) return `${r.stormRssBeforeMB} → ${r.stormRssPeakMB}`;
  return String(r[key]);
};
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${N} connections from ${PROCESSES} client processes; backlog ${BACKLOG} feeds to ${PUSH_USERS} users; delivery CONNECTION_RATE ${CONNECTION_RATE}/s.`,
  '',
  '| | bare fastify + ws | delivery | delivery / bare |',
  '|---|---|---|---|',
  ...rows.map(([label, key]) => {
    const ratio = ['rssPerConnKB', 'heapPerConnKB', 'pushesPerSec', 'pushCores', 'idleCores'].includes(key) ? (Number(delivery[key]) / Number(bare[key])).toFixed(2) : '';
    return `| ${label} | ${cell(bare, key, label)} | ${cell(delivery, key, label)} | ${ratio} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify(results)}\n`);
