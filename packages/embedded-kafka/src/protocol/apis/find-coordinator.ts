// FindCoordinator (key 10), v0-2. v1 adds keyType (0 group, 1 transaction), throttleTimeMs and
// errorMessage; v2 = v1. Answered with this broker's own node id, host and port.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'key', type: 'string', versions: '0+' },
  { name: 'keyType', type: 'int8', versions: '1+', default: 0 },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'errorMessage', type: 'string', versions: '1+', nullableVersions: '1+' },
  { name: 'nodeId', type: 'int32', versions: '0+' },
  { name: 'host', type: 'string', versions: '0+' },
  { name: 'port', type: 'int32', versions: '0+' },
] as const satisfies Struct;

export const findCoordinator: ApiSpec<typeof request, typeof response> = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: Infinity,
  request,
  response,
};
