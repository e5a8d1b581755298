// LeaveGroup (key 13), v0-3. v1 adds throttleTimeMs; v3 replaces the single memberId with a batch of
// members (memberId, groupInstanceId) answered with per-member error codes.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groupId', type: 'string', versions: '0+' },
  { name: 'memberId', type: 'string', versions: '0-2' },
  { name: 'members', type: { array: [
      { name: 'memberId', type: 'string', versions: '3+' },
      { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ] }, versions: '3+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'members', type: { array: [
      { name: 'memberId', type: 'string', versions: '3+' },
      { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
      { name: 'errorCode', type: 'int16', versions: '3+' },
  ] }, versions: '3+' },
] as const satisfies Struct;

export const leaveGroup: ApiSpec<typeof request, typeof response> = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: Infinity,
  request,
  response,
};
