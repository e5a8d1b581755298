// Request and response bodies of the group APIs, derived from the protocol schemas
// (protocol/apis/*.ts) so the codec's decoded objects are passed straight in and the
// coordinator's answers are checked against what the codec writes. A request holds every field
// of its schema at every version (fields a version lacks hold their defaults: generationIdOrMemberEpoch
// -1, memberId '', groupInstanceId null, ...); a response must fill every field of its schema.
import type { deleteGroups } from '../protocol/apis/delete-groups.js';
import type { describeGroups } from '../protocol/apis/describe-groups.js';
import type { heartbeat } from '../protocol/apis/heartbeat.js';
import type { joinGroup } from '../protocol/apis/join-group.js';
import type { leaveGroup } from '../protocol/apis/leave-group.js';
import type { listGroups } from '../protocol/apis/list-groups.js';
import type { offsetCommit } from '../protocol/apis/offset-commit.js';
import type { offsetFetch } from '../protocol/apis/offset-fetch.js';
import type { syncGroup } from '../protocol/apis/sync-group.js';
import type { RequestOf, ResponseOf } from '../protocol/schema.js';

export type JoinGroupRequest = RequestOf<typeof joinGroup>;
export type JoinGroupResponse = ResponseOf<typeof joinGroup>;
export type JoinGroupResponseMember = JoinGroupResponse['members'][number];

export type SyncGroupRequest = RequestOf<typeof syncGroup>;
export type SyncGroupResponse = ResponseOf<typeof syncGroup>;

export type HeartbeatRequest = RequestOf<typeof heartbeat>;
export type HeartbeatResponse = ResponseOf<typeof heartbeat>;

/** v0-2 name the single leaving member in memberId; v3+ list them in members. */
export type LeaveGroupRequest = RequestOf<typeof leaveGroup>;
export type LeaveGroupResponse = ResponseOf<typeof leaveGroup>;

/** generationIdOrMemberEpoch -1 (with memberId '') is a "simple" commit from outside the group. */
export type OffsetCommitRequest = RequestOf<typeof offsetCommit>;
export type OffsetCommitRequestPartition = OffsetCommitRequest['topics'][number]['partitions'][number];
export type OffsetCommitResponse = ResponseOf<typeof offsetCommit>;

/** topics null (v2+) = every committed partition of the group. */
export type OffsetFetchRequest = RequestOf<typeof offsetFetch>;
export type OffsetFetchResponse = ResponseOf<typeof offsetFetch>;
export type OffsetFetchResponsePartition = OffsetFetchResponse['topics'][number]['partitions'][number];

export type DescribeGroupsRequest = RequestOf<typeof describeGroups>;
export type DescribeGroupsResponse = ResponseOf<typeof describeGroups>;
export type DescribedGroup = DescribeGroupsResponse['groups'][number];
export type DescribedGroupMember = DescribedGroup['members'][number];

export type ListGroupsRequest = RequestOf<typeof listGroups>;
export type ListGroupsResponse = ResponseOf<typeof listGroups>;

/** Note the spec's field name really is `groupsNames`. */
export type DeleteGroupsRequest = RequestOf<typeof deleteGroups>;
export type DeleteGroupsResponse = ResponseOf<typeof deleteGroups>;

/** Who sent a request; JoinGroup needs it for member ids and DescribeGroups reports it. */
export interface ClientInfo { clientId?: string | null; clientHost?: string }
