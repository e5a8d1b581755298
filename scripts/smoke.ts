// End-to-end smoke test of `npm start` (run by `npm test` after the workspaces' tests): starts
// the launcher with a fresh TESSERA_DATA_DIR and free ports, waits for the summary, checks that
// every app that exists is running, that the simulated devices' beacons and interactions come out
// of the enrichers joined with their users' profiles, that the recommender publishes a feed for a
// demo user, that delivery serves the demo page, a WebSocket with a demo user's token (first frame:
// the snapshot) and the REST fallback, then sends Ctrl-C (SIGINT to the launcher's
// process group) and checks that it exits 0, that no process of the stack is left and that the
// archiver flushed both enriched topics into the archive. Then it starts the stack again on the
// same data directory under a shell, SIGKILLs that shell (an npm or terminal dying without a word)
// and checks that the launcher notices and that no process of the stack is left either.
// Exits non-zero with the reason; whatever it started is killed on every outcome.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from './stack/free-port.js';

const STARTUP_MS = 120_000;
const FLOW_MS = 60_000;
const STOP_MS = 70_000;
const MUST_RUN = ['aggregator', 'users-table', 'beacon', 'clicks-tracker', 'users-cdc', 'archiver', 'warehouse', 'recommender', 'trainer', 'delivery'];
const ENRICHED = ['beacons.enriched.v1', 'interactions.enriched.v1'];
const FEEDS = 'recommendations.v2';

const startedAt = Date.now();
const dataDir = await mkdtemp(join(tmpdir(), 'tessera-smoke-'));
await chmod(dataDir, 0o755); // a local Postgres runs as the postgres user and must reach its data
const portNames = ['KAFKA_PORT', 'KAFKA_ADMIN_PORT', 'DEMO_FEEDS_PORT', 'AGGREGATOR_PORT', 'BEACON_PORT', 'USERS_TABLE_PORT', 'BEACON_ENRICHER_PORT',
  'CLICKS_PORT', 'CLICKS_ENRICHER_PORT', 'USERS_CDC_PORT', 'ARCHIVER_PORT', 'RECOMMENDER_PORT', 'TRAINER_PORT', 'DELIVERY_PORT', 'WAREHOUSE_PORT'];
const ports: Record<string, string> = {};
for (const name of portNames) ports[name] = String(await freePort());

const cwd = new URL('..', import.meta.url).pathname;
// REDIS_URL names a port nothing answers on, so the stack starts its own empty Redis: the
// machine's Redis may hold tables of another run, which would make the join pass by accident.
const env = { ...process.env, ...ports, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, TESSERA_DATA_DIR: dataDir, DEVICE_INTERVAL: '1000', ARCHIVE_IDLE_FLUSH: '2000' };
const launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
  cwd, env,
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true, // its own process group, like a terminal's foreground job
});
let output = '';
launcher.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
launcher.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
const exited = new Promise<number | null>((resolve) => launcher.once('close', (code) => resolve(code)));

try {
  await until(() => output.includes('Ctrl-C stops everything.'), STARTUP_MS, 'the summary');
  if (!/Redis\s+redis-server started by the stack/.test(output)) throw new Error('the stack did not start its own Redis');
  for (const app of MUST_RUN) {
    if (!new RegExp(`● ${app}\\s+running`).test(output)) throw new Error(`${app} is not running in the roster`);
  }
  const demoLine = output.split('\n').findIndex((l) => l.includes('/demo/'));
  if (demoLine < 0 || demoLine > output.split('\n').findIndex((l) => l.includes('Kafka bootstrap'))) throw new Error('the demo page URL is not printed first');
  await deliveryServes(`http://127.0.0.1:${ports.DELIVERY_PORT}`);
  await flowsThrough(`127.0.0.1:${ports.KAFKA_PORT}`);

  process.kill(-(launcher.pid as number), 'SIGINT');
  const code = await Promise.race([exited, sleep(STOP_MS).then(() => `nothing (still running ${STOP_MS / 1000} s later)`)]);
  if (code !== 0) throw new Error(`npm start exited with ${code} after Ctrl-C`);
  const leftovers = await processesOf(dataDir);
  if (leftovers.length > 0) throw new Error(`processes left after the stop: ${leftovers.join(', ')}`);
  for (const topic of ENRICHED) {
    const files = await readdir(join(dataDir, 'archive', topic), { recursive: true }).catch(() => []);
    if (!files.some((f) => String(f).endsWith('.ndjson.gz'))) throw new Error(`no archive object for ${topic}`);
  }
  process.stdout.write(`smoke: npm start ran, devices' events enriched, feeds published, delivery served the demo page, a socket and /v1/feed, Ctrl-C stopped everything (${Math.round((Date.now() - startedAt) / 1000)} s)\n`);

  // The stack again, started by a shell that is then SIGKILLed: no signal reaches the launcher.
  output = '';
  const shell = spawn('sh', ['-c', `'${process.execPath}' --import tsx scripts/start.ts & wait`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  shell.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  shell.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  await waitUntil(async () => output.includes('Ctrl-C stops everything.'), STARTUP_MS, 'the summary of the second start');
  shell.kill('SIGKILL');
  await waitUntil(async () => (await processesOf(dataDir)).length === 0, STOP_MS, 'every process of the stack to end after the shell that started it was SIGKILLed');
  if (!output.includes('the process that started the stack is gone')) throw new Error('the launcher did not say why it stopped');
  process.stdout.write(`smoke: a SIGKILLed starter left no process behind (${Math.round((Date.now() - startedAt) / 1000)} s)\n`);
  await rm(dataDir, { recursive: true, force: true });
} catch (error) {
  process.stderr.write(`smoke: FAILED: ${(error as Error).message}\n--- npm start output (tail) ---\n${output.slice(-6_000)}\n`);
  process.stderr.write(`app logs kept in ${join(dataDir, 'logs')}\n`);
  if (launcher.exitCode === null) process.kill(-(launcher.pid as number), 'SIGTERM');
  await exited;
  // Anything of this run still alive (the second start's launcher and its children) was started
  // here: end it by pid.
  for (const pid of await processesOf(dataDir)) {
    try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
  }
  process.exitCode = 1;
}

/**
 * Waits until both enriched topics hold an event of a demo user carrying the joined profile, and
 * recommendations.v2 a feed of a demo user with cards.
 */
async function flowsThrough(broker: string): Promise<void> {
  const kafka = new Kafka({ brokers: [broker], clientId: 'smoke', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `smoke-${process.pid}-${Date.now()}` });
  const seen = new Set<string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...ENRICHED, FEEDS], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as { userId?: string; user?: unknown; cards?: unknown[] } | null;
        if (!value?.userId?.startsWith('demo-')) return;
        if (topic === FEEDS ? (value.cards?.length ?? 0) > 0 : value.user) seen.add(topic);
      },
    });
    await until(() => seen.size === ENRICHED.length + 1, FLOW_MS, `enriched events with user profiles on ${ENRICHED.join(' and ')} and a feed on ${FEEDS} (seen: ${[...seen].join(', ') || 'none'})`);
  } finally {
    await consumer.disconnect(); // its group stays behind only in this run's throwaway broker
  }
}

/** The demo page, a WebSocket opened with a demo user's token (its first frame) and GET /v1/feed. */
async function deliveryServes(base: string): Promise<void> {
  const page = await fetch(`${base}/demo/`);
  if (page.status !== 200 || !(await page.text()).includes('Tessera lock screen')) throw new Error(`delivery's demo page answered ${page.status}`);
  const issued = await fetch(`${base}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'demo-ana' }) });
  const { token } = (await issued.json()) as { token?: string };
  if (!token) throw new Error(`delivery's demo token endpoint answered ${issued.status}`);
  const frame = await firstFrame(`${base}/v1/socket`, token);
  if ((JSON.parse(frame) as { type?: string }).type !== 'snapshot') throw new Error(`the socket's first frame is not a snapshot: ${frame.slice(0, 200)}`);
  const rest = await fetch(`${base}/v1/feed`, { headers: { authorization: `Bearer ${token}` } });
  if (rest.status !== 200 || (await rest.json() as { type?: string }).type !== 'snapshot') throw new Error(`GET /v1/feed answered ${rest.status}`);
}

/** A WebSocket handshake by hand (Node 20 has no WebSocket client) and the first text frame. */
function firstFrame(url: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'), authorization: `Bearer ${token}` } });
    req.setTimeout(10_000, () => req.destroy(new Error('no upgrade within 10 s')));
    req.on('response', (res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    req.on('error', reject);
    req.on('upgrade', (_res, socket, head) => {
      let data = head;
      const parse = () => {
        // Server frames are unmasked: FIN/opcode, then a 7-bit, 16-bit or 64-bit length.
        if (data.length < 2) return;
        let length = data[1]! & 0x7f;
        let at = 2;
        if (length === 126) { if (data.length < 4) return; length = data.readUInt16BE(2); at = 4; }
        else if (length === 127) { if (data.length < 10) return; length = Number(data.readBigUInt64BE(2)); at = 10; }
        if (data.length < at + length) return;
        socket.destroy();
        resolve(data.subarray(at, at + length).toString('utf8'));
      };
      socket.on('data', (chunk: Buffer) => { data = Buffer.concat([data, chunk]); parse(); });
      parse();
    });
    req.end();
  });
}

/** Pids of processes whose environment names this data dir: the launcher's children inherit it. */
async function processesOf(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`TESSERA_DATA_DIR=${dir}`)) found.push(pid);
  }
  return found;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (launcher.exitCode !== null) throw new Error(`npm start exited (${launcher.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    // A kept timer: nothing else may be left to keep this process alive while it waits.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Does not keep the process alive by itself. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
