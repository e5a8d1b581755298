// OffsetCommit (key 8), v2-5. v2-4 carry retentionTimeMs, v3 adds throttleTimeMs, v5 drops retention.
// The generation field uses the spec's current name, generationIdOrMemberEpoch (it was generationId).

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groupId', type: 'string', versions: '0+' },
  { name: 'generationIdOrMemberEpoch', type: 'int32', versions: '1+', default: -1 },
  { name: 'memberId', type: 'string', versions: '1+' },
  { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1 },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'committedOffset', type: 'int64', versions: '0+' },
          { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'errorCode', type: 'int16', versions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const offsetCommit: ApiSpec<typeof request, typeof response> = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 5,
  flexibleFrom: Infinity,
  request,
  response,
};
