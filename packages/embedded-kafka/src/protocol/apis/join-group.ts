// JoinGroup (key 11), v0-5. v1 adds rebalanceTimeoutMs; v2 throttleTimeMs; v4 has the v3 schema but
// the MEMBER_ID_REQUIRED handshake (KIP-394); v5 groupInstanceId in request and members.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groupId', type: 'string', versions: '0+' },
  { name: 'sessionTimeoutMs', type: 'int32', versions: '0+' },
  { name: 'rebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1 },
  { name: 'memberId', type: 'string', versions: '0+' },
  { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
  { name: 'protocolType', type: 'string', versions: '0+' },
  { name: 'protocols', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'metadata', type: 'bytes', versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '2+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'generationId', type: 'int32', versions: '0+', default: -1 },
  { name: 'protocolName', type: 'string', versions: '0+' },
  { name: 'leader', type: 'string', versions: '0+' },
  { name: 'memberId', type: 'string', versions: '0+' },
  { name: 'members', type: { array: [
      { name: 'memberId', type: 'string', versions: '0+' },
      { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
      { name: 'metadata', type: 'bytes', versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const joinGroup: ApiSpec<typeof request, typeof response> = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: Infinity,
  request,
  response,
};
