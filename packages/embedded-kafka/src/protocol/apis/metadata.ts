// Metadata (key 3), v0-6. v1 makes topics nullable (null = all) and adds rack, controllerId and
// isInternal; v2 clusterId; v3 throttleTimeMs; v4 allowAutoTopicCreation; v5 offlineReplicas; v6 = v5.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
  ] }, versions: '0+', nullableVersions: '1+' },
  { name: 'allowAutoTopicCreation', type: 'boolean', versions: '4+', default: true },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '3+' },
  { name: 'brokers', type: { array: [
      { name: 'nodeId', type: 'int32', versions: '0+' },
      { name: 'host', type: 'string', versions: '0+' },
      { name: 'port', type: 'int32', versions: '0+' },
      { name: 'rack', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
  ] }, versions: '0+' },
  { name: 'clusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
  { name: 'controllerId', type: 'int32', versions: '1+', default: -1 },
  { name: 'topics', type: { array: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'isInternal', type: 'boolean', versions: '1+', default: false },
      { name: 'partitions', type: { array: [
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'leaderId', type: 'int32', versions: '0+' },
          { name: 'replicaNodes', type: { array: 'int32' }, versions: '0+' },
          { name: 'isrNodes', type: { array: 'int32' }, versions: '0+' },
          { name: 'offlineReplicas', type: { array: 'int32' }, versions: '5+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const metadata: ApiSpec<typeof request, typeof response> = {
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  flexibleFrom: Infinity,
  request,
  response,
};
