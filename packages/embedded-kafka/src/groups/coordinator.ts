// The classic group coordinator of the embedded broker: owns the table of groups and routes each
// group API to its module. I/O-free: time comes from the injected Clock and committed offsets go
// through the injected CommittedOffsets store. Methods take the decoded request body and the
// request's apiVersion and return the response body; JoinGroup and SyncGroup return promises that
// stay pending while the group holds the request (answer them without blocking other connections).
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errors.js';
import { systemClock, type Clock } from './clock.js';
import type { GroupContext } from './context.js';
import { deleteGroups } from './delete-groups.js';
import { describeGroups } from './describe-groups.js';
import { Group, type GroupChange, type GroupStateName } from './group.js';
import { heartbeat } from './heartbeat.js';
import { joinGroup } from './join-group.js';
import { leaveGroup } from './leave-group.js';
import { listGroups } from './list-groups.js';
import { joinError, syncError } from './member.js';
import { offsetCommit } from './offset-commit.js';
import { offsetFetch } from './offset-fetch.js';
import { MemoryCommittedOffsets, type CommittedOffsets } from './offsets.js';
import { syncGroup } from './sync-group.js';
import type * as T from './types.js';

export interface GroupCoordinatorOptions {
  clock?: Clock;
  /** Kafka's group.min.session.timeout.ms (6000); lower it for fast session-expiry tests. */
  minSessionTimeoutMs?: number;
  /** Kafka's group.max.session.timeout.ms (1800000). */
  maxSessionTimeoutMs?: number;
  /** Kafka's group.initial.rebalance.delay.ms; 0 (no delay) suits an embedded broker. */
  initialRebalanceDelayMs?: number;
  offsets?: CommittedOffsets;
  /** Called on every group state transition (metrics, logs). */
  onChange?: (change: GroupChange) => void;
}

export interface GroupSnapshot {
  groupId: string;
  state: GroupStateName;
  generationId: number;
  protocolType: string;
  protocolName: string;
  leaderId: string;
  /** Member ids in join order. */
  members: string[];
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly ctx: GroupContext;
  private closed = false;

  constructor(opts: GroupCoordinatorOptions = {}) {
    const clock = opts.clock ?? systemClock;
    const env = { clock, initialRebalanceDelayMs: opts.initialRebalanceDelayMs ?? 0, onChange: opts.onChange };
    const groups = this.groups;
    this.ctx = {
      clock,
      offsets: opts.offsets ?? new MemoryCommittedOffsets(),
      minSessionTimeoutMs: opts.minSessionTimeoutMs ?? 6000,
      maxSessionTimeoutMs: opts.maxSessionTimeoutMs ?? 1_800_000,
      newMemberId: (clientId) => `${clientId}-${randomUUID()}`,
      group: (id) => groups.get(id),
      allGroups: () => groups.values(),
      createGroup(id) {
        const g = new Group(id, env);
        groups.set(id, g);
        return g;
      },
      dropGroup(id) {
        const g = groups.get(id);
        if (!g) return;
        g.shutdown(ErrorCode.COORDINATOR_NOT_AVAILABLE);
        g.transition('Dead');
        groups.delete(id);
      },
    };
  }

  joinGroup(req: T.JoinGroupRequest, version: number, client?: T.ClientInfo): Promise<T.JoinGroupResponse> {
    if (this.closed) return Promise.resolve(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId));
    return joinGroup(this.ctx, req, version, client);
  }

  syncGroup(req: T.SyncGroupRequest, version: number): Promise<T.SyncGroupResponse> {
    if (this.closed) return Promise.resolve(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    return syncGroup(this.ctx, req, version);
  }

  heartbeat(req: T.HeartbeatRequest, version: number): T.HeartbeatResponse {
    if (this.closed) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
    return heartbeat(this.ctx, req, version);
  }

  leaveGroup(req: T.LeaveGroupRequest, version: number): T.LeaveGroupResponse {
    if (this.closed) return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    return leaveGroup(this.ctx, req, version);
  }

  offsetCommit(req: T.OffsetCommitRequest, version: number): Promise<T.OffsetCommitResponse> {
    if (this.closed) {
      const topics = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE })),
      }));
      return Promise.resolve({ throttleTimeMs: 0, topics });
    }
    return offsetCommit(this.ctx, req, version);
  }

  offsetFetch(req: T.OffsetFetchRequest, version: number): T.OffsetFetchResponse {
    return offsetFetch(this.ctx, req, version);
  }

  /** DESIGN.md's names for offsetCommit / offsetFetch. */
  commitOffsets(req: T.OffsetCommitRequest, version: number): Promise<T.OffsetCommitResponse> {
    return this.offsetCommit(req, version);
  }

  fetchOffsets(req: T.OffsetFetchRequest, version: number): T.OffsetFetchResponse {
    return this.offsetFetch(req, version);
  }

  describeGroups(req: T.DescribeGroupsRequest, version: number): T.DescribeGroupsResponse {
    return describeGroups(this.ctx, req, version);
  }

  listGroups(req: T.ListGroupsRequest, version: number): T.ListGroupsResponse {
    return listGroups(this.ctx, req, version);
  }

  deleteGroups(req: T.DeleteGroupsRequest, version: number): Promise<T.DeleteGroupsResponse> {
    return deleteGroups(this.ctx, req, version);
  }

  /** DeleteTopics: a deleted topic's committed offsets go with it in every group. */
  async topicDeleted(topic: string): Promise<void> {
    await this.ctx.offsets.deleteTopic(topic);
  }

  /** Snapshot for metrics and the admin view, including groups known only from offsets. */
  states(): GroupSnapshot[] {
    const out: GroupSnapshot[] = this.ctx.offsets
      .groups()
      .filter((id) => !this.groups.has(id))
      .map((groupId) => ({ groupId, state: 'Empty', generationId: 0, protocolType: '', protocolName: '', leaderId: '', members: [] }));
    for (const g of this.groups.values()) {
      out.push({
        groupId: g.groupId,
        state: g.state,
        generationId: g.generationId,
        protocolType: g.protocolType ?? '',
        protocolName: g.protocolName ?? '',
        leaderId: g.leaderId ?? '',
        members: [...g.members.keys()],
      });
    }
    return out.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  }

  /**
   * Stops every timer and answers every held JoinGroup/SyncGroup with COORDINATOR_NOT_AVAILABLE
   * (retriable: clients look for the coordinator again). Later group calls get the same error;
   * committed offsets stay readable.
   */
  close(): void {
    this.closed = true;
    for (const g of this.groups.values()) g.shutdown(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  }
}
