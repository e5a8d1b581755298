// ListGroups (key 16), v0-2: an empty request; v1 adds throttleTimeMs; v2 = v1.

import type { ApiSpec, Struct } from '../schema.js';

const request = [

] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'groups', type: { array: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'protocolType', type: 'string', versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const listGroups: ApiSpec<typeof request, typeof response> = {
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: Infinity,
  request,
  response,
};
