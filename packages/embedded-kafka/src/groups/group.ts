// The state machine of one classic consumer group: Empty -> PreparingRebalance ->
// CompletingRebalance -> Stable (and back), with its three kinds of timers — per-member session
// expiry, the join-phase rebalance timeout (and optional initial delay), and the sync-phase timeout.
// API modules decide *whether* a request may change the group; this class owns *how* it changes,
// so every transition and every answer to a held request happens in one place.
import { ErrorCode } from '../protocol/errors.js';
import type { Clock } from './clock.js';
import { EMPTY, applyJoin, joinError, syncError, type Member } from './member.js';
import { selectProtocol } from './protocol-select.js';
import type { JoinGroupRequest, JoinGroupResponse, SyncGroupRequest, SyncGroupResponse } from './types.js';

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupChange { groupId: string; from: GroupStateName; to: GroupStateName; generationId: number; members: number }

export interface GroupEnv {
  clock: Clock;
  initialRebalanceDelayMs: number;
  onChange?: ((change: GroupChange) => void) | undefined;
}

type JoinReply = (r: JoinGroupResponse) => void;
type SyncReply = (r: SyncGroupResponse) => void;

export class Group {
  state: GroupStateName = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** Insertion order = join order, which decides the leader when the old one is gone. */
  readonly members = new Map<string, Member>();
  /** KIP-394: ids handed out with MEMBER_ID_REQUIRED, expiring after the session timeout. */
  readonly pending = new Map<string, unknown>();
  private joinTimer: unknown = undefined;
  private syncTimer: unknown = undefined;
  /** Set while the initial rebalance delay of a formerly Empty group runs. */
  private initialDelay: { deadline: number; joinedSince: boolean } | null = null;

  constructor(readonly groupId: string, private readonly env: GroupEnv) {}

  addPending(memberId: string, sessionTimeoutMs: number): void {
    this.pending.set(memberId, this.env.clock.setTimeout(() => {
      this.pending.delete(memberId);
      this.maybeCompleteJoin();
    }, sessionTimeoutMs));
  }

  /** Forgets a pending member id (it left before rejoining); false if the id was not pending. */
  removePending(memberId: string): boolean {
    if (!this.pending.has(memberId)) return false;
    this.env.clock.clearTimeout(this.pending.get(memberId));
    this.pending.delete(memberId);
    this.maybeCompleteJoin();
    return true;
  }

  /** A new member (or a pending one coming back) joins; its JoinGroup is held. */
  addMember(m: Member, reply: JoinReply): void {
    if (this.pending.has(m.memberId)) {
      this.env.clock.clearTimeout(this.pending.get(m.memberId));
      this.pending.delete(m.memberId);
    }
    this.members.set(m.memberId, m);
    this.leaderId ??= m.memberId;
    if (this.state === 'Empty') this.protocolType = m.protocolType;
    this.holdJoin(m, reply);
    if (this.initialDelay) this.initialDelay.joinedSince = true;
    this.prepareRebalance();
  }

  /** A known member rejoins with (possibly new) protocols; its JoinGroup is held. */
  updateMember(m: Member, req: JoinGroupRequest, reply: JoinReply): void {
    applyJoin(m, req);
    this.holdJoin(m, reply);
    this.prepareRebalance();
  }

  /** A member left or its session expired: answer what it has held, then rebalance without it. */
  memberGone(m: Member): void {
    this.removeMember(m, ErrorCode.UNKNOWN_MEMBER_ID);
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') this.prepareRebalance();
    else this.maybeCompleteJoin();
  }

  /** SyncGroup during CompletingRebalance: held until the leader's assignments arrive. */
  receiveSync(m: Member, req: SyncGroupRequest, reply: SyncReply): void {
    m.heldSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS)); // superseded by a retry
    m.heldSync = reply;
    this.pauseSession(m);
    if (m.memberId !== this.leaderId) return;
    for (const member of this.members.values()) member.assignment = EMPTY;
    for (const a of req.assignments) {
      const target = this.members.get(a.memberId);
      if (target) target.assignment = a.assignment ?? EMPTY; // tolerate a codec handing over null
    }
    this.clearSyncTimer();
    this.transition('Stable');
    for (const member of this.members.values()) {
      const held = member.heldSync;
      if (!held) continue;
      member.heldSync = null;
      held(this.syncResponse(member));
      this.touch(member);
    }
  }

  /** Restarts a member's session timer (heartbeat, commit, answered request). */
  touch(m: Member): void {
    this.pauseSession(m);
    if (m.heldJoin || m.heldSync) return;
    m.sessionTimer = this.env.clock.setTimeout(() => {
      m.sessionTimer = undefined;
      if (this.members.get(m.memberId) === m) this.memberGone(m);
    }, m.sessionTimeoutMs);
  }

  joinResponse(m: Member): JoinGroupResponse {
    const isLeader = m.memberId === this.leaderId;
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      generationId: this.generationId,
      protocolName: this.protocolName ?? '',
      leader: this.leaderId ?? '',
      memberId: m.memberId,
      members: isLeader
        ? [...this.members.values()].map((x) => ({
            memberId: x.memberId,
            groupInstanceId: x.groupInstanceId,
            metadata: this.chosenMetadata(x),
          }))
        : [],
    };
  }

  syncResponse(m: Member): SyncGroupResponse {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      assignment: m.assignment,
    };
  }

  chosenMetadata(m: Member): Buffer {
    return m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY;
  }

  /** Stops every timer and answers every held request with errorCode (shutdown, deletion). */
  shutdown(errorCode: number): void {
    this.clearJoinTimer();
    this.clearSyncTimer();
    for (const t of this.pending.values()) this.env.clock.clearTimeout(t);
    this.pending.clear();
    for (const m of this.members.values()) {
      this.pauseSession(m);
      this.answerHeld(m, errorCode);
    }
  }

  transition(to: GroupStateName): void {
    const from = this.state;
    this.state = to;
    if (from !== to) {
      this.env.onChange?.({ groupId: this.groupId, from, to, generationId: this.generationId, members: this.members.size });
    }
  }

  private holdJoin(m: Member, reply: JoinReply): void {
    m.heldJoin?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, m.memberId)); // superseded by a retry
    m.heldJoin = reply;
    this.pauseSession(m);
  }

  private prepareRebalance(): void {
    if (this.state === 'PreparingRebalance') return this.maybeCompleteJoin();
    if (this.state === 'CompletingRebalance') {
      this.clearSyncTimer();
      for (const m of this.members.values()) {
        const held = m.heldSync;
        if (!held) continue;
        m.heldSync = null;
        held(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        this.touch(m);
      }
    }
    for (const m of this.members.values()) m.assignment = EMPTY;
    const wasEmpty = this.state === 'Empty';
    this.transition('PreparingRebalance');
    const { clock, initialRebalanceDelayMs: delay } = this.env;
    const timeout = this.maxRebalanceTimeoutMs();
    if (wasEmpty && delay > 0) {
      this.initialDelay = { deadline: clock.now() + timeout, joinedSince: false };
      this.joinTimer = clock.setTimeout(() => this.onInitialDelay(), Math.min(delay, timeout));
    } else {
      this.joinTimer = clock.setTimeout(() => this.completeJoin(), timeout);
    }
    this.maybeCompleteJoin();
  }

  // Kafka's InitialDelayedJoin: keep waiting another delay while members keep arriving, but never
  // past the rebalance timeout.
  private onInitialDelay(): void {
    const d = this.initialDelay;
    if (!d) return;
    const remaining = d.deadline - this.env.clock.now();
    if (d.joinedSince && remaining > 0) {
      d.joinedSince = false;
      this.joinTimer = this.env.clock.setTimeout(() => this.onInitialDelay(), Math.min(this.env.initialRebalanceDelayMs, remaining));
      return;
    }
    this.joinTimer = undefined;
    this.completeJoin();
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.initialDelay || this.pending.size > 0) return;
    for (const m of this.members.values()) if (!m.heldJoin) return;
    this.completeJoin();
  }

  /** End of the join phase: drop laggards, bump the generation, answer every held JoinGroup. */
  private completeJoin(): void {
    this.clearJoinTimer();
    this.initialDelay = null;
    for (const m of [...this.members.values()]) if (!m.heldJoin) this.removeMember(m, null);
    this.generationId += 1;
    const first = this.members.values().next().value;
    if (!first) {
      this.protocolName = null;
      this.leaderId = null;
      this.transition('Empty');
      return;
    }
    const members = [...this.members.values()];
    this.protocolType = first.protocolType;
    this.protocolName = selectProtocol(members) ?? null;
    if (this.leaderId === null || !this.members.has(this.leaderId)) this.leaderId = first.memberId;
    this.transition('CompletingRebalance');
    for (const m of members) {
      const held = m.heldJoin;
      m.heldJoin = null;
      held?.(this.joinResponse(m));
      this.touch(m);
    }
    this.syncTimer = this.env.clock.setTimeout(() => this.onSyncTimeout(), this.maxRebalanceTimeoutMs());
  }

  // Nobody synced in time means the leader never sent assignments: drop everyone who did not send
  // a SyncGroup (the leader included) and start over with the members still waiting.
  private onSyncTimeout(): void {
    this.syncTimer = undefined;
    if (this.state !== 'CompletingRebalance') return;
    for (const m of [...this.members.values()]) if (!m.heldSync) this.removeMember(m, null);
    this.prepareRebalance();
  }

  private removeMember(m: Member, errorCode: number | null): void {
    this.pauseSession(m);
    if (errorCode !== null) this.answerHeld(m, errorCode);
    this.members.delete(m.memberId);
    if (this.leaderId === m.memberId) this.leaderId = null;
  }

  private answerHeld(m: Member, errorCode: number): void {
    const { heldJoin, heldSync } = m;
    m.heldJoin = null;
    m.heldSync = null;
    heldJoin?.(joinError(errorCode, m.memberId));
    heldSync?.(syncError(errorCode));
  }

  private pauseSession(m: Member): void {
    if (m.sessionTimer !== undefined) this.env.clock.clearTimeout(m.sessionTimer);
    m.sessionTimer = undefined;
  }

  private maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  private clearJoinTimer(): void {
    if (this.joinTimer !== undefined) this.env.clock.clearTimeout(this.joinTimer);
    this.joinTimer = undefined;
  }

  private clearSyncTimer(): void {
    if (this.syncTimer !== undefined) this.env.clock.clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
  }
}
