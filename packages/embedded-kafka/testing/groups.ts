// Test support for the coordinator's unit tests (not used by the broker): a coordinator on a
// ManualClock with a fast minimum session timeout, request builders with realistic defaults, a
// tracker that says whether a held request has been answered yet, and a driver that takes a set of
// members through join + sync to Stable the way kafkajs does.
import { ErrorCode } from '../src/protocol/errors.js';
import { GroupCoordinator, type GroupCoordinatorOptions } from '../src/groups/coordinator.js';
import type { GroupChange } from '../src/groups/group.js';
import { ManualClock } from '../src/groups/manual-clock.js';
import { MemoryCommittedOffsets } from '../src/groups/offsets.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../src/groups/types.js';

export const SESSION_MS = 10_000;
export const REBALANCE_MS = 30_000;

export function setup(opts: GroupCoordinatorOptions = {}) {
  const clock = new ManualClock();
  const offsets = new MemoryCommittedOffsets();
  const changes: GroupChange[] = [];
  const gc = new GroupCoordinator({ clock, offsets, minSessionTimeoutMs: 1000, onChange: (c) => changes.push(c), ...opts });
  return { clock, offsets, gc, changes };
}

export function joinReq(groupId: string, memberId: string, over: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId,
    sessionTimeoutMs: SESSION_MS,
    rebalanceTimeoutMs: REBALANCE_MS,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('subscription:orders') }],
    ...over,
  };
}

export interface Tracked<T> { readonly done: boolean; readonly value: T | undefined }

/** Records a promise's value when it settles, so a test can assert that a request is still held. */
export function track<T>(p: Promise<T>): Tracked<T> {
  const state: { done: boolean; value: T | undefined } = { done: false, value: undefined };
  void p.then((v) => {
    state.done = true;
    state.value = v;
  });
  return state;
}

/** Lets every already-resolved promise callback run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** KIP-394 first round trip (v5): returns the member id the coordinator generated. */
export async function memberIdFor(gc: GroupCoordinator, groupId: string, clientId: string): Promise<string> {
  const res = await gc.joinGroup(joinReq(groupId, ''), 5, { clientId, clientHost: '/127.0.0.1' });
  if (res.errorCode !== ErrorCode.MEMBER_ID_REQUIRED) throw new Error(`expected MEMBER_ID_REQUIRED, got ${res.errorCode}`);
  return res.memberId;
}

/** A single member joins an empty group and syncs; the group is Stable afterwards. */
export async function soloStable(gc: GroupCoordinator, groupId: string, clientId = 'c1') {
  const memberId = await memberIdFor(gc, groupId, clientId);
  const join = await gc.joinGroup(joinReq(groupId, memberId), 5, { clientId, clientHost: '/127.0.0.1' });
  const assignment = Buffer.from(`all-to-${clientId}`);
  const sync = await gc.syncGroup(
    { groupId, generationId: join.generationId, memberId, assignments: [{ memberId, assignment }] },
    3,
  );
  return { memberId, join, sync };
}

export function leaderOf(responses: JoinGroupResponse[]): JoinGroupResponse {
  const leader = responses.find((r) => r.members.length > 0);
  if (!leader) throw new Error('no leader response');
  return leader;
}
