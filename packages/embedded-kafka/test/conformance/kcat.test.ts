// Conformance as librdkafka 2.0.2 (kcat) sees it: produce with keys, consume from the beginning,
// metadata (-L -J, broker ids and hosts normalised away), offsets for times (-Q) and a balanced
// group consume (-G) whose committed offsets kafkajs then reads back.
import { expect, it } from 'vitest';
import { uid } from '../helpers.js';
import { kcat } from '../kcat.js';
import { conformanceTargets, createTopic, eventually, onBoth, type Target } from './targets.js';

const targets = conformanceTargets();

const FAST = [
  '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=100', '-X', 'max.poll.interval.ms=10000',
  '-X', 'fetch.wait.max.ms=100', '-X', 'auto.commit.interval.ms=100', '-X', 'auto.offset.reset=earliest',
];

async function ok(t: Target, args: string[], input = ''): Promise<string> {
  const r = await kcat(['-b', t.bootstrap, ...args], input, 30_000);
  if (r.code !== 0) throw new Error(`kcat ${args.join(' ')} on ${t.name} exited ${r.code}: ${r.stderr.slice(-1000)}`);
  return r.stdout;
}

interface KcatMetadata {
  brokers: unknown[];
  topics: { topic: string; error?: string; partitions: { partition: number; leader: number; replicas: unknown[]; isrs: unknown[] }[] }[];
}

it('produces, consumes, lists metadata and finds offsets for times alike through kcat', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-kcat');
    await createTopic(t, topic, 2);
    await ok(t, ['-P', '-X', 'enable.idempotence=true', '-t', topic, '-p', '0', '-K:'], 'k1:v1\nk2:v2\nk1:v3\n');
    await ok(t, ['-P', '-X', 'enable.idempotence=true', '-t', topic, '-p', '1', '-K:'], 'k3:v4\n');
    const consumed = (await ok(t, ['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%p:%o %k=%s\n'])).trim().split('\n').sort();
    const fromOffset = (await ok(t, ['-C', '-t', topic, '-p', '0', '-o', '1', '-e', '-f', '%o=%s\n'])).trim().split('\n');
    const md = JSON.parse(await ok(t, ['-L', '-J', '-t', topic])) as KcatMetadata;
    const missing = JSON.parse(await ok(t, ['-L', '-J', '-t', uid('conf-missing')])) as KcatMetadata;
    const normal = (m: KcatMetadata) => ({
      brokers: m.brokers.length,
      topics: m.topics.map((x) => ({
        error: x.error ?? null,
        partitions: x.partitions.map((p) => ({ partition: p.partition, led: p.leader >= 0, replicas: p.replicas.length, isrs: p.isrs.length })),
      })),
    });

    const timed = uid('conf-kcat-times');
    await createTopic(t, timed, 1);
    const base = Date.now() - 60_000;
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const d of [0, 1000, 2000]) await producer.send({ topic: timed, acks: -1, messages: [{ value: `at-${d}`, timestamp: String(base + d) }] });
    await producer.disconnect();
    const offsetsForTimes: Record<string, string> = {};
    for (const [label, ts] of [['before', base - 1000], ['between', base + 1500], ['exact', base + 2000], ['after', base + 9000]] as const) {
      offsetsForTimes[label] = (await ok(t, ['-Q', '-t', `${timed}:0:${ts}`])).replace(timed, 'TOPIC').trim();
    }
    return { consumed, fromOffset, metadata: normal(md), missing: normal(missing), offsetsForTimes };
  });
  expect(seen.embedded).toEqual(seen.apache);
});

it('consumes as a librdkafka balanced group and commits the same offsets', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-kcat-g');
    const group = uid('conf-kcat-group');
    await createTopic(t, topic, 3);
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 9 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `v${i}` })) });
    await producer.disconnect();
    const lines = (await ok(t, ['-G', group, ...FAST, '-e', '-f', '%p:%o %k=%s\n', topic])).trim().split('\n').sort();
    const committed = await eventually(async () => {
      const offsets = (await t.admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]!.partitions
        .sort((a, b) => a.partition - b.partition).map((p) => `${p.partition}:${p.offset}`);
      if (offsets.every((o) => o.endsWith(':3'))) return offsets;
      throw new Error(`committed ${offsets.join(' ')}, consumed ${lines.length}`);
    }, `kcat's commits on ${t.name}`);
    const group_ = (await t.admin.describeGroups([group])).groups[0]!;
    return { lines, committed, state: group_.state, protocolType: group_.protocolType };
  });
  expect(seen.embedded).toEqual(seen.apache);
});
