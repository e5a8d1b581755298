// DeleteGroups (key 42), v0-1 (identical schemas). The request field really is spelled groupsNames.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groupsNames', type: { array: 'string' }, versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'results', type: { array: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const deleteGroups: ApiSpec<typeof request, typeof response> = {
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
