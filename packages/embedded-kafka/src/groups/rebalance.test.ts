// Multi-member scenarios: the coordinator side of "two-member rebalance on a 4-partition topic"
// (new member, clean leave, killed member) and the timeouts that keep a group from hanging.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errors.js';
import type { GroupCoordinator } from './coordinator.js';
import { REBALANCE_MS, SESSION_MS, flush, joinReq, leaderOf, memberIdFor, setup, soloStable, track } from '../../testing/groups.js';

const p = (s: string) => Buffer.from(s);

/** A Stable at generation 1, then B joins; returns both members at generation 2, Stable. */
async function twoStable(gc: GroupCoordinator) {
  const a = await soloStable(gc, 'g', 'a');
  const b = await memberIdFor(gc, 'g', 'b');
  const bJoin = gc.joinGroup(joinReq('g', b), 5, { clientId: 'b' });
  const aJoin = gc.joinGroup(joinReq('g', a.memberId), 5, { clientId: 'a' });
  const joins = await Promise.all([aJoin, bJoin]);
  const gen = joins[0].generationId;
  const assignments = [
    { memberId: a.memberId, assignment: p('orders:0,1') },
    { memberId: b, assignment: p('orders:2,3') },
  ];
  await Promise.all([
    gc.syncGroup({ groupId: 'g', generationId: gen, memberId: b, assignments: [] }, 3),
    gc.syncGroup({ groupId: 'g', generationId: gen, memberId: a.memberId, assignments }, 3),
  ]);
  return { a: a.memberId, b, gen };
}

describe('rebalance when a second member joins', () => {
  it('holds the newcomer, tells the old member 27, then gives the leader both members and each its own assignment', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b');
    const bJoin = track(gc.joinGroup(joinReq('g', b), 5, { clientId: 'b' }));
    await flush();
    expect(bJoin.done).toBe(false);
    expect(gc.states()[0]?.state).toBe('PreparingRebalance');
    expect(gc.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);

    const aJoin = await gc.joinGroup(joinReq('g', a.memberId), 5);
    await flush();
    expect(bJoin.value).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId, memberId: b, members: [] });
    expect(aJoin).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId });
    expect(aJoin.members.map((m) => m.memberId)).toEqual([a.memberId, b]);

    const bSync = track(gc.syncGroup({ groupId: 'g', generationId: 2, memberId: b, assignments: [] }, 3));
    await flush();
    expect(bSync.done).toBe(false); // follower waits for the leader's assignments
    const aSync = await gc.syncGroup({
      groupId: 'g', generationId: 2, memberId: a.memberId,
      assignments: [{ memberId: a.memberId, assignment: p('orders:0,1') }, { memberId: b, assignment: p('orders:2,3') }],
    }, 3);
    await flush();
    expect(aSync.assignment.toString()).toBe('orders:0,1');
    expect(bSync.value?.errorCode).toBe(0);
    expect(bSync.value?.assignment.toString()).toBe('orders:2,3');
    expect(gc.states()[0]).toMatchObject({ state: 'Stable', generationId: 2 });
  });

  it('a member the leader left out gets empty assignment bytes', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b');
    const bJoin = gc.joinGroup(joinReq('g', b), 5);
    const [aJoin] = await Promise.all([gc.joinGroup(joinReq('g', a.memberId), 5), bJoin]);
    const bSync = gc.syncGroup({ groupId: 'g', generationId: aJoin.generationId, memberId: b, assignments: [] }, 3);
    await gc.syncGroup({ groupId: 'g', generationId: aJoin.generationId, memberId: a.memberId, assignments: [{ memberId: a.memberId, assignment: p('all') }] }, 3);
    const res = await bSync;
    expect(res.errorCode).toBe(0);
    expect(res.assignment.length).toBe(0);
  });

  it('waits for a member that got MEMBER_ID_REQUIRED before completing the join phase', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b'); // pending, group still Stable
    expect(gc.states()[0]?.state).toBe('Stable');
    const aJoin = track(gc.joinGroup(joinReq('g', a.memberId), 5)); // leader rejoin -> rebalance
    await flush();
    expect(aJoin.done).toBe(false);
    const bJoin = await gc.joinGroup(joinReq('g', b), 5);
    await flush();
    expect(aJoin.value?.members.map((m) => m.memberId)).toEqual([a.memberId, b]);
    expect(bJoin.generationId).toBe(2);
  });

  it('a new member arriving during CompletingRebalance sends held SyncGroups back with 27', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b');
    const joins = await Promise.all([gc.joinGroup(joinReq('g', a.memberId), 5), gc.joinGroup(joinReq('g', b), 5)]);
    const bSync = track(gc.syncGroup({ groupId: 'g', generationId: joins[0].generationId, memberId: b, assignments: [] }, 3));
    const c = await memberIdFor(gc, 'g', 'c');
    const cJoin = track(gc.joinGroup(joinReq('g', c), 5));
    await flush();
    expect(bSync.value?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(cJoin.done).toBe(false);
    expect(gc.states()[0]?.state).toBe('PreparingRebalance');
  });
});

describe('members going away', () => {
  it('clean leave (v3): the remaining member rebalances alone and gets every partition', async () => {
    const { gc } = setup();
    const { a, b, gen } = await twoStable(gc);
    const left = gc.leaveGroup({ groupId: 'g', members: [{ memberId: b, groupInstanceId: null }] }, 3);
    expect(left).toEqual({ throttleTimeMs: 0, errorCode: 0, members: [{ memberId: b, groupInstanceId: null, errorCode: 0 }] });
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: a }, 3).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aJoin = await gc.joinGroup(joinReq('g', a), 5);
    expect(aJoin.generationId).toBe(gen + 1);
    expect(aJoin.members.map((m) => m.memberId)).toEqual([a]);
    const sync = await gc.syncGroup({ groupId: 'g', generationId: gen + 1, memberId: a, assignments: [{ memberId: a, assignment: p('orders:0,1,2,3') }] }, 3);
    expect(sync.assignment.toString()).toBe('orders:0,1,2,3');
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: b }, 3).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('leave v0-2 reports the single member error at the top level', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    expect(gc.leaveGroup({ groupId: 'g', memberId: 'ghost' }, 1).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(gc.leaveGroup({ groupId: 'g', memberId: a.memberId }, 1).errorCode).toBe(0);
    const desc = gc.describeGroups({ groups: ['g'] }, 2).groups[0];
    expect(desc?.groupState).toBe('Empty');
    expect(desc?.members).toEqual([]);
  });

  it('a killed member (no heartbeats) is removed after its session timeout and the survivor rebalances', async () => {
    const { gc, clock } = setup();
    const { a, b, gen } = await twoStable(gc);
    for (let t = 0; t < SESSION_MS - 3000; t += 3000) {
      clock.advance(3000);
      expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: a }, 3).errorCode).toBe(0);
    }
    clock.advance(3001); // b has now been silent for longer than its session timeout
    expect(gc.states()[0]).toMatchObject({ state: 'PreparingRebalance', members: [a] });
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: a }, 3).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aJoin = await gc.joinGroup(joinReq('g', a), 5);
    expect(aJoin.members.map((m) => m.memberId)).toEqual([a]);
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: b }, 3).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('the rebalance timeout completes the join phase without a member that never rejoins', async () => {
    const { gc, clock } = setup();
    const { a, b, gen } = await twoStable(gc);
    const c = await memberIdFor(gc, 'g', 'c');
    const cJoin = track(gc.joinGroup(joinReq('g', c), 5));
    const aJoin = track(gc.joinGroup(joinReq('g', a), 5));
    // A heartbeat racing the held join must not restart a's session clock: a held member cannot
    // heartbeat again until answered, so it must not expire (30 s hold > 10 s session).
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: a }, 3).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    // b keeps heartbeating (alive) but never rejoins, like a consumer stuck processing a batch.
    for (let t = 0; t < REBALANCE_MS - 3000; t += 3000) {
      clock.advance(3000);
      expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: b }, 3).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    }
    await flush();
    expect(aJoin.done).toBe(false);
    clock.advance(3000);
    await flush();
    expect(aJoin.value?.generationId).toBe(gen + 1);
    expect(aJoin.value?.members.map((m) => m.memberId)).toEqual([a, c]);
    expect(cJoin.value?.errorCode).toBe(0);
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: b }, 3).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a leader that never syncs is dropped after the rebalance timeout; waiting followers get 27 and go on', async () => {
    const { gc, clock } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b');
    const [aJoin] = await Promise.all([gc.joinGroup(joinReq('g', a.memberId), 5), gc.joinGroup(joinReq('g', b), 5)]);
    const gen = aJoin.generationId;
    const bSync = track(gc.syncGroup({ groupId: 'g', generationId: gen, memberId: b, assignments: [] }, 3));
    for (let t = 0; t < REBALANCE_MS; t += 3000) {
      clock.advance(3000);
      gc.heartbeat({ groupId: 'g', generationId: gen, memberId: a.memberId }, 3); // alive, but no SyncGroup
    }
    await flush();
    expect(bSync.value?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const bJoin = await gc.joinGroup(joinReq('g', b), 5);
    expect(bJoin).toMatchObject({ errorCode: 0, generationId: gen + 1, leader: b });
    expect(gc.heartbeat({ groupId: 'g', generationId: gen, memberId: a.memberId }, 3).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('a member leaving while its JoinGroup is held gets 25 on it, and the others proceed', async () => {
    const { gc } = setup();
    const a = await soloStable(gc, 'g', 'a');
    const b = await memberIdFor(gc, 'g', 'b');
    const bJoin = track(gc.joinGroup(joinReq('g', b), 5));
    gc.leaveGroup({ groupId: 'g', members: [{ memberId: b }] }, 3);
    await flush();
    expect(bJoin.value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const aJoin = await gc.joinGroup(joinReq('g', a.memberId), 5);
    expect(aJoin.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('the last member leaving turns the group Empty with a new generation', async () => {
    const { gc, changes } = setup();
    const a = await soloStable(gc, 'g', 'a');
    gc.leaveGroup({ groupId: 'g', members: [{ memberId: a.memberId }] }, 3);
    expect(gc.states()[0]).toMatchObject({ state: 'Empty', generationId: 2, members: [] });
    expect(changes.map((c) => `${c.from}>${c.to}`)).toEqual([
      'Empty>PreparingRebalance',
      'PreparingRebalance>CompletingRebalance',
      'CompletingRebalance>Stable',
      'Stable>PreparingRebalance',
      'PreparingRebalance>Empty',
    ]);
  });
});

describe('initial rebalance delay', () => {
  it('collects joins for the delay (extended while members keep arriving) before the first generation', async () => {
    const { gc, clock } = setup({ initialRebalanceDelayMs: 3000 });
    const aJoin = track(gc.joinGroup(joinReq('g', ''), 3, { clientId: 'a' }));
    clock.advance(2000);
    const bJoin = track(gc.joinGroup(joinReq('g', ''), 3, { clientId: 'b' }));
    clock.advance(1000);
    await flush();
    expect(aJoin.done).toBe(false); // b arrived inside the window: wait another delay
    clock.advance(3000);
    await flush();
    const joins = [aJoin.value, bJoin.value].filter((j) => j !== undefined);
    expect(joins).toHaveLength(2);
    expect(leaderOf(joins).members).toHaveLength(2);
    expect(joins.every((j) => j.generationId === 1)).toBe(true);
  });
});
