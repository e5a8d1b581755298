// CreatePartitions (key 37), v0-1 (identical schemas). count is the new total number of partitions.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'count', type: 'int32', versions: '0+' },
      { name: 'assignments', type: { array: [
          { name: 'brokerIds', type: { array: 'int32' }, versions: '0+' },
      ] }, versions: '0+', nullableVersions: '0+' },
  ] }, versions: '0+' },
  { name: 'timeoutMs', type: 'int32', versions: '0+' },
  { name: 'validateOnly', type: 'boolean', versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'results', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const createPartitions: ApiSpec<typeof request, typeof response> = {
  key: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
