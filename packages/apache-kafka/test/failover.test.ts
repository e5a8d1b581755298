// Failover on a three-broker Apache Kafka cluster (combined mode, RF 3, min.insync.replicas 2):
// clicks-tracker's HTTP role and its enricher run as real processes and create their own topics
// (TESSERA_ENV=local on three brokers = RF 3, min.insync.replicas 2), phones post interactions
// steadily, and the broker leading most interactions.v1 partitions is SIGKILLed and restarted
// under that load. Every event answered 202 must reach interactions.enriched.v1 (duplicates only
// as replays of the same eventId, which the recommender drops), and both apps keep running: they
// recover through kafkajs' leader changes without a restart. The JVMs are stopped by PID in
// afterAll and the app processes by the app-process hooks, whatever the outcome.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { spawnApp, stopProcessesAfterEach } from '@tessera/platform/testing/app-process';
import type { AppProcess } from '@tessera/platform/testing/app-process';
import { cleanRedis, collect, eventually, testKafka, testRedis, uid } from '@tessera/streams/testing';
import type { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startApacheKafka } from '../src/cluster.js';
import type { ApacheKafka } from '../src/cluster.js';

const { ConfigResourceTypes } = kafkajs;
const CLICKS_DIR = fileURLToPath(new URL('../../../apps/clicks-tracker/', import.meta.url));
const SECRET = 'failover-test-device-key-0123456789';
const id = uid('fo');
let cluster: ApacheKafka;
let kafka: Kafka;
let redis: Redis;

stopProcessesAfterEach();

beforeAll(async () => {
  cluster = await startApacheKafka({ nodes: 3 });
  kafka = testKafka(cluster, 20);
  redis = testRedis();
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (redis) await cleanRedis(redis, id);
  redis?.disconnect();
}, 60_000);

function eventId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function ready(port: number, app: AppProcess): Promise<void> {
  await eventually(async () => {
    if (app.child.exitCode !== null) throw new Error(`exited ${app.child.exitCode}: ${app.stderr().slice(-2000)}`);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    return res?.ok ? true : undefined;
  }, `the app on ${port} ready`, 120_000);
}

describe('three brokers, the leaders\' broker SIGKILLed under load', () => {
  it('loses no acknowledged event, the apps recover without a restart, and topics get RF 3 with min.insync.replicas 2', async () => {
    const env = {
      KAFKA_BROKERS: cluster.brokers.join(','), TOPIC_PREFIX: id, REDIS_URL: 'redis://127.0.0.1:6379', LOG_LEVEL: 'warn',
      TESSERA_ENV: 'local', PROVISION_TOPICS: 'true', JWT_HS256_SECRET: SECRET,
    };
    const [httpPort, opsPort] = [await freePort(), await freePort()];
    const enricher = spawnApp({ cwd: CLICKS_DIR, entry: 'src/enricher-main.ts', env: { ...env, OPS_PORT: String(opsPort), ENRICHER_GROUP: `${id}-enricher` } });
    await ready(opsPort, enricher);
    const http = spawnApp({ cwd: CLICKS_DIR, entry: 'src/main.ts', env: { ...env, PORT: String(httpPort), RATE_LIMIT_MAX: '1000000', PUBLISH_TIMEOUT: '30000' } });
    await ready(httpPort, http);

    // Provisioning honoured the cluster: three replicas and min.insync.replicas=2 on every topic it made.
    const admin = kafka.admin();
    await admin.connect();
    const topic = `${id}.interactions.v1`;
    const meta = await admin.fetchTopicMetadata({ topics: [topic, `${id}.interactions.enriched.v1`, `${id}.dlq.v1`] });
    for (const t of meta.topics) for (const p of t.partitions) expect(p.replicas, `${t.name}/${p.partitionId}`).toHaveLength(3);
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }] });
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('2');

    const enriched = await collect(kafka, `${id}.interactions.enriched.v1`);
    const acked = new Set<string>();
    let refused = 0;
    let running = true;
    const users = Array.from({ length: 12 }, (_, i) => `${id}-u${i}`);
    const tokens = new Map(await Promise.all(users.map(async (u) => [u, await signDeviceToken(SECRET, { userId: u, deviceId: 'd1' })] as const)));
    const phone = async (user: string) => {
      while (running) {
        const events = Array.from({ length: 5 }, () => ({ eventId: eventId(), occurredAt: Date.now() - 500, userId: user, deviceId: 'd1', type: 'impression', contentId: 'c-1', feedId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', position: 1, onScreenMs: 900 }));
        const res = await fetch(`http://127.0.0.1:${httpPort}/v1/interactions`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(user)}` }, body: JSON.stringify({ events }),
        }).catch(() => undefined);
        if (res?.status === 202) for (const e of events) acked.add(e.eventId);
        else refused += 1; // 503 kafka_unavailable: the phone keeps them and retries later; not acknowledged
        await res?.arrayBuffer().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    const load = Promise.all(users.map(phone));
    try {
      await eventually(() => (acked.size >= 500 ? true : undefined), '500 acknowledged events before the kill', 120_000);
      const leaders = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.map((p) => p.leader);
      const victim = [...new Set(leaders)].sort((a, b) => leaders.filter((l) => l === b).length - leaders.filter((l) => l === a).length)[0]!;
      await cluster.kill(victim, 'SIGKILL');
      const atKill = acked.size;
      // Two of three replicas satisfy min.insync.replicas=2: acks=-1 writes go on once leaders moved.
      await eventually(() => (acked.size >= atKill + 500 ? true : undefined), '500 more acknowledged events with a broker down', 180_000);
      await cluster.restart(victim);
      const atRestart = acked.size;
      await eventually(() => (acked.size >= atRestart + 500 ? true : undefined), '500 more acknowledged events after the restart', 180_000);
    } finally {
      running = false;
      await load;
      await admin.disconnect();
    }

    // Each enriched record is parsed once, as it arrives: the wait must not block the collector's
    // own consumer (same event loop) with work that grows with the number of records.
    const ids = new Set<string>();
    let parsed = 0;
    await eventually(() => {
      for (; parsed < enriched.messages.length; parsed += 1) ids.add((JSON.parse(enriched.messages[parsed]!.value!.toString()) as { eventId: string }).eventId);
      const missing = [...acked].filter((e) => !ids.has(e)).length;
      if (missing > 0) throw new Error(`${missing} not enriched yet (${enriched.messages.length} enriched records read)`);
      return true;
    }, `every one of ${acked.size} acknowledged events enriched`, 180_000);
    await enriched.stop();
    const byId = new Map<string, string>();
    for (const m of enriched.messages) {
      const { enrichedAt: _at, ...event } = JSON.parse(m.value!.toString()) as Record<string, unknown>;
      const seen = byId.get(event.eventId as string);
      if (seen !== undefined) expect(JSON.stringify(event)).toBe(seen); // a duplicate is a replay of the same record
      byId.set(event.eventId as string, JSON.stringify(event));
    }
    // Neither app was restarted: both processes are the ones started above, still running.
    expect([http.child.exitCode, enricher.child.exitCode]).toEqual([null, null]);
    console.log(`failover: ${acked.size} acknowledged, ${refused} requests refused while leaders moved, ${enriched.messages.length - byId.size} replayed duplicates`);
  }, 900_000);
});
