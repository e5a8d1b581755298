// Commit and resume: a manual commit with metadata is visible through
// admin.fetchOffsets, a new member of the same group resumes exactly there, auto-commit advances
// it to the end, and setOffsets works on an Empty group.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

it('resumes from the committed offset and round-trips commit metadata', async () => {
  const topic = uid('resume');
  const groupId = uid('resume-g');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }] });
  const producer = k.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}` })) });
  await producer.disconnect();

  const opts = { groupId, maxWaitTimeInMs: 100, heartbeatInterval: 200, sessionTimeout: 6000 };
  const first = k.consumer(opts);
  const seen: number[] = [];
  let committed = false;
  await first.connect();
  await first.subscribe({ topic, fromBeginning: true });
  await first.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      seen.push(Number(message.offset));
      if (message.offset === '3') {
        await first.commitOffsets([{ topic, partition: 0, offset: '4', metadata: 'checkpoint-4' }]);
        committed = true;
      }
    },
  });
  await eventually(() => (committed && seen.length >= 10 ? true : undefined), 20_000, 'first pass');
  await first.disconnect();

  expect(await admin.fetchOffsets({ groupId, topics: [topic] })).toEqual([
    { topic, partitions: [{ partition: 0, offset: '4', metadata: 'checkpoint-4' }] },
  ]);

  const second = k.consumer(opts);
  const resumed: number[] = [];
  await second.connect();
  await second.subscribe({ topic, fromBeginning: true });
  await second.run({ autoCommitInterval: 50, eachMessage: async ({ message }) => { resumed.push(Number(message.offset)); } });
  await eventually(() => (resumed.length >= 6 ? true : undefined), 20_000, 'resumed pass');
  await second.disconnect();
  expect(resumed).toEqual([4, 5, 6, 7, 8, 9]);
  const after = await admin.fetchOffsets({ groupId, topics: [topic] });
  expect(after[0]?.partitions[0]?.offset).toBe('10');

  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '2' }] });
  expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset).toBe('2');
  await admin.disconnect();
});
