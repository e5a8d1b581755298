// JoinGroup (key 11), versions 0-5. TODO header.

import type { ApiSpec, Struct } from '../schema.js';

const request: Struct = [
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
];

const response: Struct = [
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
];

export const joinGroup: ApiSpec = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  flexibleFrom: Infinity,
  request,
  response,
};
