import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errors.js';
import { GroupCoordinator } from './coordinator.js';
import { ManualClock } from './manual-clock.js';
import { MAX_METADATA_BYTES } from './offset-commit.js';
import { MemoryCommittedOffsets, type CommittedOffset } from './offsets.js';
import { flush, joinReq, memberIdFor, setup, soloStable, track } from '../../testing/groups.js';
import type { OffsetCommitRequest } from './types.js';

const commit = (groupId: string, generation: number, memberId: string, parts: [number, number, string | null][], topic = 'orders'): OffsetCommitRequest => ({
  groupId,
  generationIdOrMemberEpoch: generation,
  memberId,
  topics: [{ name: topic, partitions: parts.map(([partitionIndex, committedOffset, committedMetadata]) => ({ partitionIndex, committedOffset, committedMetadata })) }],
});
const codes = (res: { topics: { partitions: { errorCode: number }[] }[] }) => res.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));

describe('OffsetCommit / OffsetFetch', () => {
  it('round-trips offsets and metadata for a member of the current generation; uncommitted partitions are -1/""', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g');
    const res = await gc.offsetCommit(commit('g', 1, a.memberId, [[0, 42, 'kafkajs:{"k":"ü"}'], [2, 7, null]]), 5);
    expect(codes(res)).toEqual([0, 0]);
    const fetched = gc.offsetFetch({ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0, 1, 2] }] }, 4);
    expect(fetched.errorCode).toBe(0);
    expect(fetched.topics[0]?.partitions).toEqual([
      { partitionIndex: 0, committedOffset: 42, metadata: 'kafkajs:{"k":"ü"}', errorCode: 0 },
      { partitionIndex: 1, committedOffset: -1, metadata: '', errorCode: 0 },
      { partitionIndex: 2, committedOffset: 7, metadata: '', errorCode: 0 },
    ]);
    expect(gc.states()[0]?.state).toBe('Stable');
  });

  it('null topics fetch every committed partition of the group; an unknown group has none', async () => {
    const { gc } = setup();
    await gc.offsetCommit({ groupId: 'g', generationIdOrMemberEpoch: -1, memberId: '', topics: [
      { name: 'users', partitions: [{ partitionIndex: 1, committedOffset: 5, committedMetadata: 'u1' }] },
      { name: 'orders', partitions: [{ partitionIndex: 3, committedOffset: 9, committedMetadata: '' }, { partitionIndex: 0, committedOffset: 1, committedMetadata: 'o0' }] },
    ] }, 5);
    const all = gc.offsetFetch({ groupId: 'g', topics: null }, 4);
    expect(all.topics.map((t) => [t.name, t.partitions.map((x) => [x.partitionIndex, x.committedOffset, x.metadata])])).toEqual([
      ['orders', [[0, 1, 'o0'], [3, 9, '']]],
      ['users', [[1, 5, 'u1']]],
    ]);
    expect(gc.offsetFetch({ groupId: 'other', topics: null }, 4).topics).toEqual([]);
    expect(gc.offsetFetch({ groupId: '', topics: null }, 4).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('rejects a stale generation (22), an unknown member (25) and commits during CompletingRebalance (27)', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    expect(codes(await gc.offsetCommit(commit('g', 0, a.memberId, [[0, 1, '']]), 5))).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(codes(await gc.offsetCommit(commit('g', 1, 'ghost', [[0, 1, '']]), 5))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    // An unknown group with a generation: ILLEGAL_GENERATION, as Kafka answers below v9.
    expect(codes(await gc.offsetCommit(commit('nope', 1, a.memberId, [[0, 1, '']]), 5))).toEqual([ErrorCode.ILLEGAL_GENERATION]);

    const b = await memberIdFor(gc, 'g', 'b');
    void gc.joinGroup(joinReq('g', b), 5);
    // PreparingRebalance: the current generation may still commit what it processed.
    expect(codes(await gc.offsetCommit(commit('g', 1, a.memberId, [[0, 10, 'before-rebalance']]), 5))).toEqual([0]);
    await gc.joinGroup(joinReq('g', a.memberId), 5);
    expect(codes(await gc.offsetCommit(commit('g', 2, a.memberId, [[0, 11, '']]), 5))).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
    expect(gc.offsetFetch({ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0] }] }, 4).topics[0]?.partitions[0]).toMatchObject({
      committedOffset: 10,
      metadata: 'before-rebalance',
    });
  });

  it('simple commits (generation -1) are accepted only while the group has no members', async () => {
    const { gc } = setup();
    expect(codes(await gc.offsetCommit(commit('admin-set', -1, '', [[0, 3, null]]), 5))).toEqual([0]);
    expect(gc.describeGroups({ groups: ['admin-set'] }, 2).groups[0]?.groupState).toBe('Empty');
    const a = await soloStable(gc, 'admin-set');
    expect(codes(await gc.offsetCommit(commit('admin-set', -1, '', [[0, 4, null]]), 5))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    gc.leaveGroup({ groupId: 'admin-set', memberId: a.memberId }, 1);
    expect(codes(await gc.offsetCommit(commit('admin-set', -1, '', [[0, 5, null]]), 2))).toEqual([0]);
    // Without a generation the member id does not matter while the group is Empty (as in Kafka).
    expect(codes(await gc.offsetCommit(commit('admin-set', -1, 'ghost', [[0, 6, null]]), 5))).toEqual([0]);
    expect(codes(await gc.offsetCommit(commit('unknown-set', -1, 'ghost', [[0, 1, null]]), 5))).toEqual([0]);
    // v0 has neither generation nor member id: always a simple commit.
    expect(codes(await gc.offsetCommit({ groupId: 'v0', topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: 'm' }] }] }, 0))).toEqual([0]);
  });

  it('refuses oversized metadata and stamps commits with the broker clock', async () => {
    const { gc, offsets, clock } = setup();
    const big = 'x'.repeat(MAX_METADATA_BYTES + 1);
    expect(codes(await gc.offsetCommit(commit('g', -1, '', [[0, 1, big], [1, 2, 'ok']]), 5))).toEqual([ErrorCode.OFFSET_METADATA_TOO_LARGE, 0]);
    expect(offsets.get('g', 'orders', 0)).toBeUndefined();
    expect(offsets.get('g', 'orders', 1)?.commitTimestamp).toBe(clock.now());
  });

  it('answers a commit only after the store made it durable, and a failed write is not acknowledged', async () => {
    const memory = new MemoryCommittedOffsets();
    let release: () => void = () => {};
    let failNext = false;
    const slow = Object.assign(Object.create(memory) as MemoryCommittedOffsets, {
      set(group: string, topic: string, partition: number, value: CommittedOffset) {
        memory.set(group, topic, partition, value);
        if (failNext) return Promise.reject(new Error('disk full'));
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const gc = new GroupCoordinator({ clock: new ManualClock(), offsets: slow });
    const pending = track(gc.offsetCommit(commit('g', -1, '', [[0, 1, '']]), 5));
    await flush();
    expect(pending.done).toBe(false);
    release();
    await flush();
    expect(pending.value && codes(pending.value)).toEqual([0]);
    failNext = true;
    expect(codes(await gc.offsetCommit(commit('g', -1, '', [[0, 2, '']]), 5))).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
  });

  it('a deleted topic loses its committed offsets in every group', async () => {
    const { gc, offsets } = setup();
    await gc.offsetCommit(commit('g1', -1, '', [[0, 1, '']], 'gone'), 5);
    await gc.offsetCommit(commit('g1', -1, '', [[0, 1, '']], 'kept'), 5);
    await gc.offsetCommit(commit('g2', -1, '', [[0, 1, '']], 'gone'), 5);
    await gc.topicDeleted('gone');
    expect(offsets.list('g1').map((o) => o.topic)).toEqual(['kept']);
    expect(offsets.groups()).toEqual(['g1']);
  });
});
