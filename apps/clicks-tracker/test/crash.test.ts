// The enricher role as a real process (src/enricher-main.ts through tsx, as `npm run
// start:enricher` runs it), killed with SIGKILL while it works through a backlog and started
// again: every interaction appears on interactions.enriched.v1. Offsets are committed only after
// a batch is published and its eventIds marked, so the restart replays at most the unfinished
// batch; once duplicates are removed by eventId the enriched topic holds exactly the accepted
// events, and the phone's retried eventIds (sent twice on purpose) still count once. The
// processes are killed (with their groups) by the hooks of @tessera/platform/testing/app-process
// whatever the outcome, a timeout included.
import { fileURLToPath } from 'node:url';
import type { TestBroker } from '@tessera/streams/testing';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
import { spawnApp, stopProcessesAfterEach } from '@tessera/platform/testing/app-process';
import type { AppProcess } from '@tessera/platform/testing/app-process';
import { createProducer } from '@tessera/streams/producer';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanRedis, collect, eventually, provision, scopeNames, startTestBroker, testKafka, testRedis, uid } from '@tessera/streams/testing';
import { eventId } from '@tessera/streams/testing';

const APP_DIR = fileURLToPath(new URL('../', import.meta.url));
const id = uid();
const names = scopeNames(id);
let broker: TestBroker;
let kafka: Kafka;
let redis: Redis;

stopProcessesAfterEach();

beforeAll(async () => {
  broker = await startTestBroker();
  kafka = testKafka(broker);
  redis = testRedis();
  await provision(kafka, names, ['interactions.v1', 'interactions.enriched.v1', 'dlq.v1']);
});

afterAll(async () => {
  await broker?.close();
  await cleanRedis(redis, id);
  redis?.disconnect();
});

function startEnricher(): AppProcess {
  return spawnApp({
    cwd: APP_DIR,
    entry: 'src/enricher-main.ts',
    env: {
      KAFKA_BROKERS: broker.brokers.join(','), TOPIC_PREFIX: id, ENRICHER_GROUP: `${id}-interactions-enricher`,
      REDIS_URL: 'redis://127.0.0.1:6379', OPS_PORT: '0', PROVISION_TOPICS: 'false', LOG_LEVEL: 'warn',
    },
    stderr: 'inherit',
  });
}

const USERS = 20;
const PER_USER = 100;

describe('interactions enricher process', () => {
  it('killed mid-backlog and restarted, emits every event; duplicates are only replays of the same eventId', async () => {
    const events: Interaction[] = [];
    for (let n = 0; n < PER_USER; n += 1) {
      for (let u = 0; u < USERS; u += 1) {
        events.push({
          eventId: eventId(), occurredAt: Date.now() - 1000, receivedAt: Date.now(), userId: `${id}-u${u}`, deviceId: 'd1',
          type: 'click', contentId: `c-${n}`, feedId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', position: n % 10,
        });
      }
    }
    // Phones retrying after a lost 202: same eventId, a later receivedAt (a new request), so a
    // retry that slipped through would differ from the original, unlike a replay of one record.
    const retried = events.filter((_, i) => i % 20 === 0).map((e) => ({ ...e, receivedAt: e.receivedAt + 1 }));
    const producer = createProducer({ kafka, names });
    await producer.connect();
    for (let i = 0; i < events.length; i += 100) await producer.send('interactions.v1', events.slice(i, i + 100));
    await producer.send('interactions.v1', retried);
    await producer.close();

    const enriched = await collect(kafka, names.physical('interactions.enriched.v1'));
    const ids = () => enriched.messages.map((m) => (JSON.parse(m.value!.toString()) as { eventId: string }).eventId);
    const first = startEnricher();
    await eventually(() => (ids().length >= 200 ? true : undefined), 'the first enriched events', 90_000);
    await first.kill();

    startEnricher();
    const wanted = new Set(events.map((e) => e.eventId));
    await eventually(() => (new Set(ids()).size === wanted.size ? true : undefined), 'every event enriched', 120_000);
    await enriched.stop();
    expect(new Set(ids())).toEqual(wanted);
    // Each copy of an eventId is the same record replayed (only enrichedAt differs), never a retry.
    const byId = new Map<string, string>();
    for (const m of enriched.messages) {
      const { enrichedAt: _at, ...event } = JSON.parse(m.value!.toString()) as Record<string, unknown>;
      const seen = byId.get(event.eventId as string);
      if (seen !== undefined) expect(JSON.stringify(event)).toBe(seen);
      byId.set(event.eventId as string, JSON.stringify(event));
    }
  }, 240_000);
});
