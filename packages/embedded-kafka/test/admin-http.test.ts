// The admin view and /metrics over HTTP: topics with offsets, groups with committed offsets and
// lag, and the Prometheus counters for bytes/records in and out, request latency and lag.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import type { GroupView, TopicView } from '../src/admin-view.js';
import { consumeAll } from './consume.js';
import { kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker({ adminPort: 0 }); });
afterAll(async () => { await broker?.close(); });

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await globalThis.fetch(`${broker.admin!.url}${path}`);
  return { status: res.status, text: await res.text() };
}

it('shows topics, groups with lag, and metrics', async () => {
  const topic = uid('view');
  const groupId = uid('view-g');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  const producer = k.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `v${i}` })) });
  await producer.disconnect();
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: '3' }] });
  await consumeAll(k, topic, 6);
  await admin.disconnect();

  const topics = JSON.parse((await get('/topics')).text) as TopicView[];
  expect(topics.find((t) => t.name === topic)?.partitions.map((p) => [p.partition, p.logStartOffset, p.highWatermark])).toEqual([[0, 0, 3], [1, 0, 3]]);

  expect(topics.find((t) => t.name === topic)?.consumers).toContainEqual({ groupId, lag: 2 });

  const groups = JSON.parse((await get('/groups')).text) as GroupView[];
  const group = groups.find((g) => g.groupId === groupId);
  expect(group).toMatchObject({ state: 'Empty', totalLag: 2 });
  expect(group?.offsets.map((o) => [o.partition, o.committed, o.lag])).toEqual([[0, 1, 2], [1, 3, 0]]);

  const metrics = (await get('/metrics')).text;
  expect(metrics).toMatch(new RegExp(`tessera_kafka_records_in_total\\{topic="${topic}"\\} 6`));
  expect(metrics).toMatch(new RegExp(`tessera_kafka_records_out_total\\{topic="${topic}"\\} 6`));
  expect(metrics).toMatch(/tessera_kafka_request_duration_seconds_count\{api="Produce"\} [1-9]/);
  expect(metrics).toMatch(new RegExp(`tessera_kafka_consumer_lag\\{group="${groupId}",topic="${topic}",partition="0"\\} 2`));
  // admin.setOffsets joined the group with a throw-away member, so it went through Stable.
  expect(metrics).toMatch(new RegExp(`tessera_kafka_group_transitions_total\\{group="${groupId}",to="Stable"\\} [1-9]`));
  expect((await get('/nope')).status).toBe(404);
});
