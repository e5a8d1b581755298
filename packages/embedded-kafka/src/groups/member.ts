// One member of a classic group, plus the canned error replies the coordinator gives held and
// immediate requests. A member's held JoinGroup/SyncGroup is stored as the resolver of the promise
// the handler is awaiting, so answering a held request is just calling it.
import type { JoinGroupRequest, JoinGroupResponse, SyncGroupResponse } from './types.js';

export interface Member {
  readonly memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  /** What the leader assigned this member in the current generation (empty until then). */
  assignment: Buffer;
  heldJoin: ((r: JoinGroupResponse) => void) | null;
  heldSync: ((r: SyncGroupResponse) => void) | null;
  /** Session expiry timer; absent while a request is held, since a held member cannot heartbeat. */
  sessionTimer: unknown;
}

export function newMember(memberId: string, req: JoinGroupRequest, clientId: string, clientHost: string): Member {
  const m: Member = {
    memberId,
    groupInstanceId: null,
    clientId,
    clientHost,
    sessionTimeoutMs: 0,
    rebalanceTimeoutMs: 0,
    protocolType: '',
    protocols: [],
    assignment: EMPTY,
    heldJoin: null,
    heldSync: null,
    sessionTimer: undefined,
  };
  applyJoin(m, req);
  return m;
}

/** Takes the timeouts and protocols of a (re)join. */
export function applyJoin(m: Member, req: JoinGroupRequest): void {
  m.groupInstanceId = req.groupInstanceId ?? null;
  m.sessionTimeoutMs = req.sessionTimeoutMs;
  m.rebalanceTimeoutMs = req.rebalanceTimeoutMs ?? req.sessionTimeoutMs;
  m.protocolType = req.protocolType;
  m.protocols = req.protocols.map((p) => ({ name: p.name, metadata: p.metadata }));
}

/** Same protocol names, order and metadata bytes: a rejoin that needs no rebalance. */
export function sameProtocols(m: Member, req: JoinGroupRequest): boolean {
  return (
    m.protocolType === req.protocolType &&
    m.protocols.length === req.protocols.length &&
    m.protocols.every((p, i) => {
      const q = req.protocols[i];
      return q !== undefined && q.name === p.name && p.metadata.equals(q.metadata);
    })
  );
}

export const EMPTY = Buffer.alloc(0);

export function joinError(errorCode: number, memberId = ''): JoinGroupResponse {
  return {
    throttleTimeMs: 0,
    errorCode,
    generationId: -1,
    protocolName: '',
    leader: '',
    memberId,
    members: [],
  };
}

export function syncError(errorCode: number): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode, assignment: EMPTY };
}
