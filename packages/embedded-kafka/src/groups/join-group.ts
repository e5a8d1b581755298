// JoinGroup (API 11, v0-5). Validates the join, then hands it to the group state machine, which
// holds the reply until the join phase completes.
//  - v4+: an unknown member joining with memberId '' gets MEMBER_ID_REQUIRED (79) and a generated
//    id, and is pending until it rejoins with it (KIP-394); v0-3 members are added directly.
//  - v0 has no rebalance timeout: the session timeout is used instead.
//  - A follower rejoining a Stable (or CompletingRebalance) group with identical protocols gets the
//    current generation back without a rebalance (kafkajs rejoins often); a leader rejoining, or any
//    member with changed metadata, triggers a rebalance.
//  - groupInstanceId (v5) is stored and echoed but membership stays dynamic: no fencing, and a
//    static member is also asked for a member id like any other.
import { ErrorCode } from '../protocol/errors.js';
import type { GroupContext } from './context.js';
import { joinError, newMember, sameProtocols } from './member.js';
import { supportsProtocols } from './protocol-select.js';
import type { ClientInfo, JoinGroupRequest, JoinGroupResponse } from './types.js';

export function joinGroup(
  ctx: GroupContext,
  req: JoinGroupRequest,
  version: number,
  client: ClientInfo = {},
): Promise<JoinGroupResponse> {
  const fail = (code: number, memberId = req.memberId) => Promise.resolve(joinError(code, memberId));
  if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
  if (req.sessionTimeoutMs < ctx.minSessionTimeoutMs || req.sessionTimeoutMs > ctx.maxSessionTimeoutMs) {
    return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
  }
  const existingGroup = ctx.group(req.groupId);
  if (!existingGroup && req.memberId !== '') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
  const existing = existingGroup?.members.get(req.memberId);
  const others = existingGroup ? [...existingGroup.members.values()].filter((m) => m !== existing) : [];
  if (!supportsProtocols(others, req)) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

  const group = existingGroup ?? ctx.createGroup(req.groupId);
  const clientId = client.clientId ?? '';
  const clientHost = client.clientHost ?? '';
  if (req.memberId === '') {
    const memberId = ctx.newMemberId(clientId);
    if (version >= 4) {
      group.addPending(memberId, req.sessionTimeoutMs);
      return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
    }
    return new Promise((reply) => group.addMember(newMember(memberId, req, clientId, clientHost), reply));
  }
  if (group.pending.has(req.memberId)) {
    return new Promise((reply) => group.addMember(newMember(req.memberId, req, clientId, clientHost), reply));
  }
  if (!existing) return fail(ErrorCode.UNKNOWN_MEMBER_ID);

  const unchanged = sameProtocols(existing, req);
  const answerNow =
    (group.state === 'CompletingRebalance' && unchanged) ||
    (group.state === 'Stable' && unchanged && existing.memberId !== group.leaderId);
  if (answerNow) {
    group.touch(existing);
    return Promise.resolve(group.joinResponse(existing));
  }
  return new Promise((reply) => group.updateMember(existing, req, reply));
}
