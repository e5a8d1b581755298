// OffsetFetch (key 9), v1-4. v2 makes topics nullable (null = every partition the group committed)
// and adds a top-level errorCode; v3 throttleTimeMs; v4 = v3.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groupId', type: 'string', versions: '0+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitionIndexes', type: { array: 'int32' }, versions: '0+' },
  ] }, versions: '0+', nullableVersions: '2+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'committedOffset', type: 'int64', versions: '0+' },
          { name: 'metadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'errorCode', type: 'int16', versions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
  { name: 'errorCode', type: 'int16', versions: '2+', default: 0 },
] as const satisfies Struct;

export const offsetFetch: ApiSpec<typeof request, typeof response> = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: Infinity,
  request,
  response,
};
