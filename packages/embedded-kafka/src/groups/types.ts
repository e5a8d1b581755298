// Request and response bodies of the group APIs, named exactly as Apache Kafka's JSON message specs
// (clients/src/main/resources/common/message/*.json) in lowerCamelCase, so the codec's decoded
// objects can be passed straight in. Fields that only exist in some versions are optional on the
// request side: the codec leaves them out for versions that lack them.

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+; v0 members use the session timeout as their rebalance timeout (Kafka does the same). */
  rebalanceTimeoutMs?: number;
  memberId: string;
  /** v5+. Accepted but treated as dynamic membership (no fencing, no KIP-345 skip-rebalance). */
  groupInstanceId?: string | null;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  reason?: string | null;
}

export interface JoinGroupResponseMember { memberId: string; groupInstanceId: string | null; metadata: Buffer }

export interface JoinGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  generationId: number;
  protocolType: string | null; // v7+ only; filled anyway, the codec drops it below v7
  protocolName: string | null;
  leader: string;
  memberId: string;
  members: JoinGroupResponseMember[];
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  protocolType?: string | null; // v5+
  protocolName?: string | null; // v5+
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncGroupResponse {
  throttleTimeMs: number;
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatRequest { groupId: string; generationId: number; memberId: string; groupInstanceId?: string | null }
export interface HeartbeatResponse { throttleTimeMs: number; errorCode: number }

export interface LeaveGroupRequest {
  groupId: string;
  /** v0-2: the single leaving member. */
  memberId?: string;
  /** v3+: batch of leaving members. */
  members?: { memberId: string; groupInstanceId?: string | null; reason?: string | null }[];
}

export interface LeaveGroupResponse {
  throttleTimeMs: number;
  /** v0-2: the single member's error; v3+: 0 unless the whole request failed. */
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch?: number;
  commitTimestamp?: number; // v1 only
  committedMetadata: string | null;
}

export interface OffsetCommitRequest {
  groupId: string;
  /** v1+; -1 (with memberId '') is a "simple" commit from outside the group. */
  generationIdOrMemberEpoch?: number;
  memberId?: string;
  groupInstanceId?: string | null;
  retentionTimeMs?: number; // v2-4; ignored, offsets live until the group is deleted
  topics: { name: string; partitions: OffsetCommitRequestPartition[] }[];
}

export interface OffsetCommitResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}

export interface OffsetFetchRequest {
  groupId: string;
  /** null (v2+) = every committed partition of the group. */
  topics: { name: string; partitionIndexes: number[] }[] | null;
  requireStable?: boolean;
}

export interface OffsetFetchResponsePartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchResponse {
  throttleTimeMs: number;
  topics: { name: string; partitions: OffsetFetchResponsePartition[] }[];
  errorCode: number; // v2+
}

export interface DescribeGroupsRequest { groups: string[]; includeAuthorizedOperations?: boolean }

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribedGroupMember[];
  authorizedOperations: number;
}

export interface DescribeGroupsResponse { throttleTimeMs: number; groups: DescribedGroup[] }

export interface ListGroupsRequest { statesFilter?: string[]; typesFilter?: string[] }
export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: { groupId: string; protocolType: string; groupState: string }[];
}

/** Note the spec's field name really is `groupsNames`. */
export interface DeleteGroupsRequest { groupsNames: string[] }
export interface DeleteGroupsResponse { throttleTimeMs: number; results: { groupId: string; errorCode: number }[] }

/** Who sent a request; JoinGroup needs it for member ids and DescribeGroups reports it. */
export interface ClientInfo { clientId?: string | null; clientHost?: string }
