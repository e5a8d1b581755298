// ListOffsets (key 2), v1-3. v1 returns one (timestamp, offset) pair per partition (v0's offset
// array is below our range); v2 adds isolationLevel and throttleTimeMs; v3 is identical to v2.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'replicaId', type: 'int32', versions: '0+' },
  { name: 'isolationLevel', type: 'int8', versions: '2+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'timestamp', type: 'int64', versions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'timestamp', type: 'int64', versions: '1+', default: -1 },
          { name: 'offset', type: 'int64', versions: '1+', default: -1 },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const listOffsets: ApiSpec<typeof request, typeof response> = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 3,
  flexibleFrom: Infinity,
  request,
  response,
};
