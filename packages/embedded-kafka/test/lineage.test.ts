// The lineage page over HTTP with real kafkajs clients: the producer's client id on the topic it
// wrote, records appended in the last minute, a consumer group with its lag, what it consumed (its
// commits moving forward) and its annotated app and sink, a topic nobody reads flagged, and an
// expected group that committed nothing reported as missing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import type { LineageView } from '../src/lineage.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';

const read = uid('read');
const unread = uid('unread');
const group = uid('readers');
let broker: Broker;

beforeAll(async () => {
  broker = await startTestBroker({
    adminPort: 0,
    lineage: {
      topics: { [read]: { consumerGroups: [group] }, [unread]: { consumerGroups: ['archiver'] } },
      // Annotated under the group's own (random) id; a real catalogue name also matches its id with a `.`/`-` suffix.
      groups: { [group]: { app: 'reader-app', sink: 'a test array', instances: 'shared' }, archiver: { app: 'archiver', sink: 'archive', instances: 'shared' } },
    },
  });
});
afterAll(async () => { await broker?.close(); });

async function lineage(): Promise<LineageView> {
  return (await (await globalThis.fetch(`${broker.admin!.url}/lineage.json`)).json()) as LineageView;
}

it('draws producers, topics, consumer groups with lag and rates, and flags topics nobody consumes', async () => {
  const k = kafka(broker, { clientId: 'lineage-producer' });
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: read, numPartitions: 1 }, { topic: unread, numPartitions: 1 }] });
  await admin.disconnect();
  const producer = k.producer();
  await producer.connect();
  await producer.send({ topic: read, messages: Array.from({ length: 5 }, (_, i) => ({ value: `v${i}` })) });
  await producer.send({ topic: unread, messages: [{ value: 'x' }] });

  const consumer = kafka(broker, { clientId: 'lineage-consumer' }).consumer({ groupId: group, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: read, fromBeginning: true });
  let seen = 0;
  await consumer.run({ autoCommitInterval: 1, eachMessage: async () => { seen += 1; } });
  await eventually(() => (seen >= 5 ? true : undefined), 20_000, 'the first five records');
  await eventually(async () => ((await lineage()).topics.find((t) => t.name === read)?.consumers[0]?.lag === 0 ? true : undefined), 20_000, 'the group to commit the first five');
  // Committed once at the end of the first five; the next five move the commit forward.
  await producer.send({ topic: read, messages: Array.from({ length: 5 }, (_, i) => ({ value: `w${i}` })) });
  const view = await eventually(async () => {
    const v = await lineage();
    const edge = v.topics.find((t) => t.name === read)?.consumers[0];
    return edge && edge.lag === 0 && edge.consumedLastMinute >= 5 ? v : undefined;
  }, 20_000, 'the group to commit the next five');
  await consumer.disconnect();
  await producer.disconnect();

  const readTopic = view.topics.find((t) => t.name === read)!;
  expect(readTopic.producers).toEqual([{ clientId: 'lineage-producer', records: 10, lastMinute: 10 }]);
  expect(readTopic).toMatchObject({ records: 10, appendedLastMinute: 10, unconsumed: false, missingGroups: [] });
  expect(readTopic.consumers).toEqual([expect.objectContaining({ groupId: group, catalogueGroup: group, app: 'reader-app', sink: 'a test array', lag: 0 })]);

  const unreadTopic = view.topics.find((t) => t.name === unread)!;
  expect(unreadTopic).toMatchObject({ unconsumed: true, consumers: [], missingGroups: ['archiver'] });

  const page = await (await globalThis.fetch(`${broker.admin!.url}/lineage`)).text();
  expect(page).toContain('nobody consumes this topic');
  expect(page).toContain('lineage-producer');
  expect(page).toContain('a test array');
});
