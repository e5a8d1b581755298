// DescribeGroups, ListGroups, DeleteGroups, states() and close(): the views other parts of the
// broker (kafkajs admin, metrics, the admin page) and shutdown rely on.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errors.js';
import { flush, joinReq, memberIdFor, setup, soloStable, track } from '../../testing/groups.js';

describe('DescribeGroups', () => {
  it('describes a Stable group with protocol, member metadata and assignment bytes', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'client-a');
    const [desc] = gc.describeGroups({ groups: ['g'] }, 2).groups;
    expect(desc).toEqual({
      errorCode: 0,
      groupId: 'g',
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'RoundRobinAssigner',
      members: [{
        memberId: a.memberId,
        groupInstanceId: null,
        clientId: 'client-a',
        clientHost: '/127.0.0.1',
        memberMetadata: Buffer.from('subscription:orders'),
        memberAssignment: Buffer.from('all-to-client-a'),
      }],
      authorizedOperations: -2147483648,
    });
  });

  it('reports unknown groups as Dead with error 0, offset-only groups as Empty, and rejects an empty id', async () => {
    const { gc, offsets } = setup();
    offsets.set('restored', 'orders', 0, { offset: 5, metadata: '', commitTimestamp: 0 });
    const groups = gc.describeGroups({ groups: ['never', 'restored', ''] }, 0).groups;
    expect(groups.map((g) => [g.groupId, g.groupState, g.errorCode])).toEqual([
      ['never', 'Dead', 0],
      ['restored', 'Empty', 0],
      ['', 'Dead', ErrorCode.INVALID_GROUP_ID],
    ]);
  });

  it('hides metadata and assignments while a rebalance is in progress', async () => {
    const { gc } = setup();
    await soloStable(gc, 'g');
    const b = await memberIdFor(gc, 'g', 'b');
    void gc.joinGroup(joinReq('g', b), 5);
    const [desc] = gc.describeGroups({ groups: ['g'] }, 2).groups;
    expect(desc?.groupState).toBe('PreparingRebalance');
    expect(desc?.protocolData).toBe('');
    expect(desc?.members.every((m) => m.memberAssignment.length === 0 && m.memberMetadata.length === 0)).toBe(true);
  });
});

describe('ListGroups', () => {
  it('lists live and offset-only groups with their protocol type, sorted', async () => {
    const { gc, offsets } = setup();
    await soloStable(gc, 'live');
    offsets.set('restored', 'orders', 0, { offset: 1, metadata: '', commitTimestamp: 0 });
    const res = gc.listGroups({}, 2);
    expect(res.errorCode).toBe(0);
    expect(res.groups).toEqual([
      { groupId: 'live', protocolType: 'consumer', groupState: 'Stable' },
      { groupId: 'restored', protocolType: '', groupState: 'Empty' },
    ]);
    expect(gc.listGroups({ statesFilter: ['Stable'] }, 4).groups.map((g) => g.groupId)).toEqual(['live']);
  });
});

describe('DeleteGroups', () => {
  it('deletes Empty groups with their offsets, refuses non-empty ones and reports unknown ones', async () => {
    const { gc, offsets, changes } = setup();
    await soloStable(gc, 'busy');
    await gc.offsetCommit({ groupId: 'idle', generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3, committedMetadata: '' }] }] }, 5);
    offsets.set('restored', 't', 0, { offset: 1, metadata: '', commitTimestamp: 0 });
    const res = await gc.deleteGroups({ groupsNames: ['busy', 'idle', 'restored', 'nope', ''] }, 1);
    expect(res.results).toEqual([
      { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'idle', errorCode: 0 },
      { groupId: 'restored', errorCode: 0 },
      { groupId: 'nope', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      { groupId: '', errorCode: ErrorCode.INVALID_GROUP_ID },
    ]);
    expect(offsets.groups()).toEqual([]);
    expect(gc.describeGroups({ groups: ['idle'] }, 2).groups[0]?.groupState).toBe('Dead');
    expect(gc.listGroups({}, 2).groups.map((g) => g.groupId)).toEqual(['busy']);
    expect(changes.some((c) => c.groupId === 'idle' && c.to === 'Dead')).toBe(true);
  });
});

describe('close()', () => {
  it('answers held JoinGroup and SyncGroup with COORDINATOR_NOT_AVAILABLE and leaves no timers', async () => {
    const { gc, clock } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b');
    const bJoin = track(gc.joinGroup(joinReq('g', b), 5)); // held: 'g' waits for a to rejoin

    const x = await soloStable(gc, 'h', 'x');
    const y = await memberIdFor(gc, 'h', 'y');
    const yJoin = gc.joinGroup(joinReq('h', y), 5);
    await gc.joinGroup(joinReq('h', x.memberId), 5);
    const { generationId } = await yJoin;
    const ySync = track(gc.syncGroup({ groupId: 'h', generationId, memberId: y, assignments: [] }, 3)); // held: x never syncs
    await flush();
    expect([bJoin.done, ySync.done]).toEqual([false, false]);

    gc.close();
    await flush();
    expect(bJoin.value?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(ySync.value?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(clock.pendingTimers()).toBe(0);
    expect(gc.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await gc.joinGroup(joinReq('g', ''), 5)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
