import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errors.js';
import { SESSION_MS, flush, joinReq, memberIdFor, setup, soloStable, track } from '../../testing/groups.js';

describe('JoinGroup + SyncGroup + Heartbeat for one member', () => {
  it('joins, becomes leader of generation 1, syncs its own assignment and heartbeats', async () => {
    const { gc } = setup();
    const memberId = await memberIdFor(gc, 'g1', 'consumer-a');
    expect(memberId).toMatch(/^consumer-a-[0-9a-f-]{36}$/);

    const join = await gc.joinGroup(joinReq('g1', memberId), 5, { clientId: 'consumer-a' });
    expect(join).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'RoundRobinAssigner', leader: memberId, memberId });
    expect(join.members).toEqual([{ memberId, groupInstanceId: null, metadata: Buffer.from('subscription:orders') }]);
    expect(gc.describeGroups({ groups: ['g1'] }, 2).groups[0]?.groupState).toBe('CompletingRebalance');

    const sync = await gc.syncGroup({ groupId: 'g1', generationId: 1, memberId, assignments: [{ memberId, assignment: Buffer.from('p0-3') }] }, 3);
    expect(sync.errorCode).toBe(0);
    expect(sync.assignment.toString()).toBe('p0-3');
    expect(gc.heartbeat({ groupId: 'g1', generationId: 1, memberId }, 3).errorCode).toBe(0);
    expect(gc.states()[0]).toMatchObject({ groupId: 'g1', state: 'Stable', generationId: 1, members: [memberId] });
  });

  it('v0-3 joins with an empty member id are admitted directly (no MEMBER_ID_REQUIRED)', async () => {
    const { gc } = setup();
    const join = await gc.joinGroup(joinReq('g1', '', { rebalanceTimeoutMs: undefined }), 0, { clientId: 'old' });
    expect(join.errorCode).toBe(0);
    expect(join.memberId).toMatch(/^old-/);
    expect(join.leader).toBe(join.memberId);
  });

  it('v4+ pending member ids expire after the session timeout', async () => {
    const { gc, clock } = setup();
    const memberId = await memberIdFor(gc, 'g1', 'slow');
    clock.advance(SESSION_MS + 1);
    const late = await gc.joinGroup(joinReq('g1', memberId), 5);
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('validates group id, session timeout range, protocols and member id', async () => {
    const { gc } = setup({ minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 60_000 });
    expect((await gc.joinGroup(joinReq('', ''), 5)).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await gc.joinGroup(joinReq('g', '', { sessionTimeoutMs: 5999 }), 5)).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await gc.joinGroup(joinReq('g', '', { sessionTimeoutMs: 60_001 }), 5)).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await gc.joinGroup(joinReq('g', '', { protocols: [] }), 5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await gc.joinGroup(joinReq('g', 'made-up-id', { sessionTimeoutMs: 6000 }), 5)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(gc.states()).toEqual([]); // rejected joins do not create groups
  });

  it('a librdkafka member cannot join a kafkajs group (INCONSISTENT_GROUP_PROTOCOL)', async () => {
    const { gc } = setup();
    await soloStable(gc, 'mixed');
    const rdk = joinReq('mixed', '', {
      protocols: [
        { name: 'range', metadata: Buffer.from('x') },
        { name: 'roundrobin', metadata: Buffer.from('x') },
      ],
    });
    expect((await gc.joinGroup(rdk, 5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await gc.joinGroup({ ...joinReq('mixed', ''), protocolType: 'connect' }, 5)).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(gc.describeGroups({ groups: ['mixed'] }, 2).groups[0]?.groupState).toBe('Stable');
  });

  it('a follower rejoining a Stable group with the same metadata gets the current generation, no rebalance', async () => {
    const { gc, clock } = setup();
    const a = await soloStable(gc, 'g1', 'a');
    const bId = await memberIdFor(gc, 'g1', 'b');
    const bJoin = track(gc.joinGroup(joinReq('g1', bId), 5));
    expect(gc.heartbeat({ groupId: 'g1', generationId: 1, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aJoin = await gc.joinGroup(joinReq('g1', a.memberId), 5);
    await flush();
    expect(bJoin.done).toBe(true);
    const assignments = [
      { memberId: a.memberId, assignment: Buffer.from('a') },
      { memberId: bId, assignment: Buffer.from('b') },
    ];
    await Promise.all([
      gc.syncGroup({ groupId: 'g1', generationId: aJoin.generationId, memberId: a.memberId, assignments }, 3),
      gc.syncGroup({ groupId: 'g1', generationId: aJoin.generationId, memberId: bId, assignments: [] }, 3),
    ]);
    clock.advance(1000);

    const again = await gc.joinGroup(joinReq('g1', bId), 5);
    expect(again).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId, memberId: bId, members: [] });
    expect(gc.states()[0]?.state).toBe('Stable');
    expect(gc.heartbeat({ groupId: 'g1', generationId: 2, memberId: a.memberId }, 3).errorCode).toBe(0);
  });

  it('the leader rejoining a Stable group, or a member with changed metadata, triggers a rebalance', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g1', 'a');
    const rejoin = await gc.joinGroup(joinReq('g1', a.memberId), 5);
    expect(rejoin.generationId).toBe(2); // a lone leader completes the new generation at once
    expect(gc.states()[0]?.state).toBe('CompletingRebalance');

    await gc.syncGroup({ groupId: 'g1', generationId: 2, memberId: a.memberId, assignments: [] }, 3);
    const changed = await gc.joinGroup(joinReq('g1', a.memberId, { protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('subscription:orders,users') }] }), 5);
    expect(changed.generationId).toBe(3);
    expect(changed.members[0]?.metadata.toString()).toBe('subscription:orders,users');
  });
});

describe('SyncGroup and Heartbeat validation', () => {
  it('answers unknown member, stale generation and invalid group id', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g1');
    expect(gc.heartbeat({ groupId: 'g1', generationId: 1, memberId: 'ghost' }, 3).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(gc.heartbeat({ groupId: 'nope', generationId: 1, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(gc.heartbeat({ groupId: 'g1', generationId: 0, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(gc.heartbeat({ groupId: '', generationId: 1, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    const stale = await gc.syncGroup({ groupId: 'g1', generationId: 7, memberId: a.memberId, assignments: [] }, 3);
    expect(stale.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const ghost = await gc.syncGroup({ groupId: 'g1', generationId: 1, memberId: 'ghost', assignments: [] }, 3);
    expect(ghost.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a SyncGroup repeated in Stable returns the stored assignment', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g1', 'solo');
    const again = await gc.syncGroup({ groupId: 'g1', generationId: 1, memberId: a.memberId, assignments: [] }, 3);
    expect(again.assignment.toString()).toBe('all-to-solo');
  });
});
