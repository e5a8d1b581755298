// Heartbeat (key 12), v0-3. v1 adds throttleTimeMs; v3 groupInstanceId.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groupId', type: 'string', versions: '0+' },
  { name: 'generationId', type: 'int32', versions: '0+' },
  { name: 'memberId', type: 'string', versions: '0+' },
  { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
] as const satisfies Struct;

export const heartbeat: ApiSpec<typeof request, typeof response> = {
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: Infinity,
  request,
  response,
};
