// Two-member rebalance while producing: assignments are disjoint and cover all
// four partitions, nothing produced is lost, a clean leave hands everything to the survivor at once,
// and a member killed without LeaveGroup (SIGKILL of its process) is evicted after its session
// timeout, after which the survivor owns every partition again.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Consumer } from 'kafkajs';
import type { Broker } from '../src/broker.js';
import { eventually, kafka, startTestBroker, uid } from './helpers.js';

let broker: Broker;
beforeAll(async () => { broker = await startTestBroker(); });
afterAll(async () => { await broker?.close(); });

interface Member { name: string; partitions: number[]; seen: Set<string> }

const ALL = [0, 1, 2, 3];
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

function splitEvenly(a: Member, b: Member): true | undefined {
  const overlap = a.partitions.filter((p) => b.partitions.includes(p));
  const union = sorted([...a.partitions, ...b.partitions]);
  return a.partitions.length > 0 && b.partitions.length > 0 && overlap.length === 0 && union.join() === ALL.join() ? true : undefined;
}

function owns(m: Member, partitions: number[]): true | undefined {
  return sorted(m.partitions).join() === partitions.join() ? true : undefined;
}

it('rebalances four partitions across members without losing records', async () => {
  const topic = uid('rebalance');
  const groupId = uid('rebalance-g');
  const k = kafka(broker);
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
  await admin.disconnect();

  const produced: string[] = [];
  const producer = k.producer();
  await producer.connect();
  let producing = true;
  const producing$ = (async () => {
    for (let i = 0; producing; i++) {
      await producer.send({ topic, acks: -1, messages: [{ key: `key-${i}`, value: String(i) }] });
      produced.push(String(i));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  const start = async (name: string): Promise<{ member: Member; consumer: Consumer }> => {
    const member: Member = { name, partitions: [], seen: new Set() };
    const consumer = k.consumer({ groupId, sessionTimeout: 3000, rebalanceTimeout: 5000, heartbeatInterval: 100, maxWaitTimeInMs: 100 });
    consumer.on(consumer.events.GROUP_JOIN, (e) => { member.partitions = e.payload.memberAssignment[topic] ?? []; });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => { member.seen.add(String(message.value)); } });
    return { member, consumer };
  };

  const a = await start('A');
  await eventually(() => owns(a.member, ALL), 20_000, 'A owns all partitions');
  const b = await start('B');
  await eventually(() => splitEvenly(a.member, b.member), 20_000, `disjoint split (A=${a.member.partitions} B=${b.member.partitions})`);

  await b.consumer.disconnect();
  await eventually(() => owns(a.member, ALL), 20_000, 'A owns all after a clean leave');

  const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/group-member.mjs', import.meta.url))], {
    env: { ...process.env, BROKERS: broker.brokers.join(','), TOPIC: topic, GROUP: groupId, SESSION_TIMEOUT_MS: '1500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const c: Member = { name: 'C', partitions: [], seen: new Set() };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as { event: string; partitions?: number[]; value?: string };
    if (e.event === 'join') c.partitions = e.partitions ?? [];
    if (e.event === 'message' && e.value !== undefined) c.seen.add(e.value);
  });
  try {
    await eventually(() => splitEvenly(a.member, c), 20_000, `split with the child (A=${a.member.partitions} C=${c.partitions})`);
    child.kill('SIGKILL');
    await eventually(() => owns(a.member, ALL), 20_000, 'A owns all after the killed member timed out');
  } finally {
    child.kill('SIGKILL');
  }

  producing = false;
  await producing$;
  await producer.disconnect();
  const union = (): Set<string> => new Set([...a.member.seen, ...b.member.seen, ...c.seen]);
  await eventually(() => (produced.every((v) => union().has(v)) ? true : undefined), 20_000,
    `every produced record consumed (missing ${produced.filter((v) => !union().has(v)).slice(0, 5)})`);
  await a.consumer.disconnect();
  expect(produced.length).toBeGreaterThan(0);
});
