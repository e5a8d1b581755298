// A two-member librdkafka group (kcat -G): the members split the partitions,
// killing one hands its partitions to the other after the session timeout, and a member started
// after everyone stopped resumes from the committed offsets. librdkafka's defaults are tuned for
// production (45 s sessions, 5 min max poll as rebalance timeout): the flags below shrink them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';
import { kcatProcess } from './kcat.js';

let broker: Broker;
let k: Kafka;
let admin: Admin;
beforeAll(async () => {
  broker = await startTestBroker({ minSessionTimeoutMs: 500 });
  k = kafka(broker);
  admin = k.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
  await broker?.close();
});

const FAST = [
  '-X', 'session.timeout.ms=1500', '-X', 'heartbeat.interval.ms=100', '-X', 'max.poll.interval.ms=4000',
  '-X', 'fetch.wait.max.ms=100', '-X', 'auto.commit.interval.ms=100', '-X', 'auto.offset.reset=earliest',
];

function member(group: string, topic: string, name: string): ReturnType<typeof kcatProcess> {
  return kcatProcess(['-u', '-b', broker.brokers[0]!, '-G', group, ...FAST, '-f', `${name} %p:%o %s\\n`, topic]);
}

/** Partitions named in the member's latest "assigned:" rebalance line (kcat logs them to stderr). */
function assigned(m: ReturnType<typeof kcatProcess>, topic: string): number[] | undefined {
  const lines = m.stderr().split('\n').filter((l) => l.includes('rebalanced') && l.includes('assigned:'));
  const last = lines.at(-1);
  if (!last) return undefined;
  return [...last.matchAll(new RegExp(`${topic} \\[(\\d+)\\]`, 'g'))].map((x) => Number(x[1])).sort();
}

async function produce(topic: string, from: number, to: number): Promise<void> {
  const producer = k.producer();
  await producer.connect();
  const messages = [];
  for (let i = from; i < to; i++) messages.push({ partition: i % 2, value: `r${i}` });
  await producer.send({ topic, messages });
  await producer.disconnect();
}

async function committed(groupId: string, topic: string): Promise<string> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (t?.partitions ?? []).map((p) => `${p.partition}:${p.offset}`).sort().join(',');
}

it('splits, fails over to the survivor and resumes from committed offsets', async () => {
  const topic = uid('kcat-group');
  const group = uid('kcat-g');
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  await produce(topic, 0, 20);

  const a = member(group, topic, 'A');
  const b = member(group, topic, 'B');
  const started = [a, b];
  try {
    await eventually(() => {
      const pa = assigned(a, topic);
      const pb = assigned(b, topic);
      return pa?.length === 1 && pb?.length === 1 && pa[0] !== pb[0] ? true : undefined;
    }, 30_000, `a split (A: ${assigned(a, topic)}, B: ${assigned(b, topic)})`);
    const values = (): Set<string> => new Set([...a.lines, ...b.lines].map((l) => l.split(' ')[2] ?? ''));
    await eventually(() => (values().size === 20 ? true : undefined), 20_000, 'all 20 records');
    await eventually(async () => ((await committed(group, topic)) === '0:10,1:10' ? true : undefined), 20_000, 'commits at 10/10');

    b.child.kill('SIGKILL');
    await eventually(() => (assigned(a, topic)?.join() === '0,1' ? true : undefined), 30_000, 'A owns both partitions');
    await produce(topic, 20, 30);
    await eventually(() => {
      const fresh = a.lines.filter((l) => Number(l.split(' ')[2]?.slice(1)) >= 20);
      return fresh.length === 10 ? true : undefined;
    }, 20_000, 'A consumes the new records of both partitions');
    await eventually(async () => ((await committed(group, topic)) === '0:15,1:15' ? true : undefined), 20_000, 'commits at 15/15');
    a.child.kill('SIGTERM');
    await new Promise((r) => a.child.once('close', r));

    await produce(topic, 30, 34);
    const c = member(group, topic, 'C');
    started.push(c);
    await eventually(() => (c.lines.length >= 4 ? true : undefined), 30_000, 'the restarted member reads the 4 new records');
    expect(c.lines.map((l) => l.split(' ')[1]).sort()).toEqual(['0:15', '0:16', '1:15', '1:16']);
  } finally {
    for (const m of started) m.child.kill('SIGKILL');
  }
});
