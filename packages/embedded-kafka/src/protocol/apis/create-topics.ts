// CreateTopics (key 19), v0-4. v1 adds validateOnly and per-topic errorMessage; v2 throttleTimeMs;
// v3 = v2; v4 = v3 with KIP-464: numPartitions/replicationFactor -1 mean "broker default" (the
// broker accepts -1 at every version: kafkajs sends it at v3 too). v5 is flexible: not advertised.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'numPartitions', type: 'int32', versions: '0+' },
      { name: 'replicationFactor', type: 'int16', versions: '0+' },
      { name: 'assignments', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'brokerIds', type: { array: 'int32' }, versions: '0+' },
      ] }, versions: '0+' },
      { name: 'configs', type: { array: [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
  { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
  { name: 'validateOnly', type: 'boolean', versions: '1+', default: false },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '1+', nullableVersions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const createTopics: ApiSpec<typeof request, typeof response> = {
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: Infinity,
  request,
  response,
};
