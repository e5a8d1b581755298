// Conformance of consumer groups: two kafkajs consumers in one group split the partitions and the
// survivor gets all of them when the other leaves; committed offsets read back; and the raw error
// codes of the group APIs (OffsetCommit for an unknown member, a stale generation, an unknown
// group or topic; JoinGroup without a member id or with a too short session; Heartbeat and
// OffsetFetch of an unknown group).
import { expect, it } from 'vitest';
import type { Body } from '../../src/protocol/registry.js';
import { uid } from '../helpers.js';
import { conformanceTargets, createTopic, eventually, onBoth, type Target } from './targets.js';

const targets = conformanceTargets();

const COORDINATOR_LOADING = new Set([14, 15, 16]); // COORDINATOR_LOAD_IN_PROGRESS, _NOT_AVAILABLE, NOT_COORDINATOR

/** A group request, retried while the coordinator is still coming up (Apache Kafka creates __consumer_offsets on first use). */
async function groupRequest<T extends Body>(t: Target, apiKey: number, version: number, body: Body, code: (r: T) => number): Promise<T> {
  return eventually(async () => {
    const r = (await t.request(apiKey, version, body)) as T;
    return COORDINATOR_LOADING.has(code(r)) ? undefined : r;
  }, `group coordinator on ${t.name}`);
}

type Commit = { topics: { partitions: { errorCode: number }[] }[] };
const commit = (t: Target, groupId: string, generation: number, memberId: string, topic: string, partition = 0) =>
  groupRequest<Commit>(t, 8, 5, {
    groupId, generationIdOrMemberEpoch: generation, memberId, groupInstanceId: null,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null }] }],
  }, (r) => r.topics[0]!.partitions[0]!.errorCode).then((r) => r.topics[0]!.partitions[0]!.errorCode);

it('splits partitions between two kafkajs consumers and hands all to the survivor, committing alike', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-group');
    const groupId = uid('conf-g');
    await createTopic(t, topic, 4);
    const producer = t.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [0, 1, 2, 3].flatMap((partition) => [{ partition, value: 'a' }, { partition, value: 'b' }]) });
    await producer.disconnect();
    const members = ['one', 'two'].map(() => {
      const consumer = t.kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 200, rebalanceTimeout: 10_000, maxWaitTimeInMs: 100 });
      const state = { consumer, partitions: [] as number[], seen: 0 };
      consumer.on(consumer.events.GROUP_JOIN, (e) => { state.partitions = [...(e.payload.memberAssignment[topic] ?? [])].sort(); });
      return state;
    });
    try {
      for (const m of members) {
        await m.consumer.connect();
        await m.consumer.subscribe({ topic, fromBeginning: true });
        await m.consumer.run({ autoCommit: true, autoCommitThreshold: 1, eachMessage: async () => { m.seen += 1; } });
      }
      const split = await eventually(async () => {
        const [a, b] = members.map((m) => m.partitions);
        const union = [...a!, ...b!].sort();
        return a!.length > 0 && b!.length > 0 && union.join() === '0,1,2,3' ? { sizes: [a!.length, b!.length].sort(), union } : undefined;
      }, `both members assigned on ${t.name}`);
      await eventually(async () => (members[0]!.seen + members[1]!.seen >= 8 ? true : undefined), `8 records consumed on ${t.name}`);
      const stable = await t.admin.describeGroups([groupId]);
      const [survivor, leaver] = members;
      const simpleCommitToLiveGroup = await commit(t, groupId, -1, '', topic);
      await leaver!.consumer.disconnect();
      const after = await eventually(async () => (survivor!.partitions.join() === '0,1,2,3' ? survivor!.partitions : undefined), `survivor owning all partitions on ${t.name}`);
      const described = (await t.admin.describeGroups([groupId])).groups[0]!;
      const committed = await eventually(async () => {
        const offsets = (await t.admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.sort((x, y) => x.partition - y.partition).map((p) => `${p.partition}:${p.offset}`);
        if (offsets.every((o) => o.endsWith(':2'))) return offsets;
        throw new Error(`committed ${offsets.join(' ')}, consumed ${members.map((m) => m.seen).join('+')}, survivor owns ${survivor!.partitions.join()}`);
      }, `commits on ${t.name}`);
      return {
        split,
        stableState: stable.groups[0]!.state,
        stableMembers: stable.groups[0]!.members.length,
        simpleCommitToLiveGroup,
        after,
        described: { state: described.state, protocolType: described.protocolType, protocol: described.protocol, members: described.members.length },
        committed,
      };
    } finally {
      for (const m of members) await m.consumer.disconnect();
    }
  });
  expect(seen.embedded).toEqual(seen.apache);
});

it('answers the group APIs\' errors alike', async () => {
  const seen = await onBoth(targets(), async (t) => {
    const topic = uid('conf-gerr');
    await createTopic(t, topic, 1);
    const simple = uid('conf-simple');
    const join = (groupId: string, sessionTimeoutMs: number, memberId: string) => groupRequest<{ errorCode: number; memberId: string; generationId: number }>(t, 11, 5, {
      groupId, sessionTimeoutMs, rebalanceTimeoutMs: 5000, memberId, groupInstanceId: null, protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    }, (r) => r.errorCode);
    const joinNoMember = await join(uid('conf-join'), 6000, '');
    // A member of our own, by raw JoinGroup (twice: KIP-394) and SyncGroup, to know its generation.
    const live = uid('conf-live');
    const first = await join(live, 6000, '');
    const joined = await join(live, 6000, first.memberId);
    const synced = await groupRequest<{ errorCode: number }>(t, 14, 3, {
      groupId: live, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null,
      assignments: [{ memberId: joined.memberId, assignment: Buffer.alloc(0) }],
    }, (r) => r.errorCode);
    const member = {
      joined: { errorCode: joined.errorCode, generationId: joined.generationId },
      synced: synced.errorCode,
      commit: await commit(t, live, joined.generationId, joined.memberId, topic),
      commitUnknownMember: await commit(t, live, joined.generationId, 'nobody', topic),
      commitStaleGeneration: await commit(t, live, joined.generationId + 5, joined.memberId, topic),
      commitMemberWithoutGeneration: await commit(t, live, -1, joined.memberId, topic),
      commitWithoutMemberOrGeneration: await commit(t, live, -1, '', topic),
      commitUnknownTopic: await commit(t, live, joined.generationId, joined.memberId, uid('conf-missing')),
      heartbeat: (await groupRequest<{ errorCode: number }>(t, 12, 3, { groupId: live, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null }, (r) => r.errorCode)).errorCode,
      heartbeatStale: (await groupRequest<{ errorCode: number }>(t, 12, 3, { groupId: live, generationId: joined.generationId - 1, memberId: joined.memberId, groupInstanceId: null }, (r) => r.errorCode)).errorCode,
      leave: (await groupRequest<{ errorCode: number; members: { errorCode: number }[] }>(t, 13, 3, { groupId: live, members: [{ memberId: joined.memberId, groupInstanceId: null }] }, (r) => r.errorCode)).errorCode,
    };
    const heartbeat = await groupRequest<{ errorCode: number }>(t, 12, 3, { groupId: uid('conf-none'), generationId: 1, memberId: 'ghost', groupInstanceId: null }, (r) => r.errorCode);
    const fetched = await groupRequest<{ errorCode: number; topics: { partitions: { committedOffset: number; errorCode: number; metadata: string | null }[] }[] }>(t, 9, 4, {
      groupId: uid('conf-none'), topics: [{ name: topic, partitionIndexes: [0] }],
    }, (r) => r.errorCode);
    return {
      member,
      joinWithoutMemberId: { errorCode: joinNoMember.errorCode, gotMemberId: joinNoMember.memberId.length > 0, generationId: joinNoMember.generationId },
      joinShortSession: (await join(uid('conf-join'), 100, '')).errorCode,
      joinLongSession: (await join(uid('conf-join'), 10_000_000, '')).errorCode,
      heartbeatUnknownGroup: heartbeat.errorCode,
      offsetFetchUnknownGroup: { errorCode: fetched.errorCode, partition: fetched.topics[0]!.partitions[0] },
      commitSimpleGroup: await commit(t, simple, -1, '', topic),
      commitSimpleGroupWithMember: await commit(t, simple, 1, 'ghost', topic),
      commitUnknownGroupWithGeneration: await commit(t, uid('conf-none'), 3, 'ghost', topic),
      commitUnknownGroupMemberWithoutGeneration: await commit(t, uid('conf-none'), -1, 'ghost', topic),
      commitEmptyGroupMemberWithoutGeneration: await commit(t, simple, -1, 'ghost', topic),
      commitUnknownPartition: await commit(t, simple, -1, '', topic, 9),
    };
  });
  expect(seen.embedded).toEqual(seen.apache);
});
