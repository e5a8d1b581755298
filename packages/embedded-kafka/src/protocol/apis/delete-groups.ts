// DeleteGroups (key 42), v0-1 (identical schemas). The request field really is spelled groupsNames.

import type { ApiSpec, Struct } from '../schema.js';

const request: Struct = [
  { name: 'groupsNames', type: { array: 'string' }, versions: '0+' },
];

const response: Struct = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'results', type: { array: [
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
  ] }, versions: '0+' },
];

export const deleteGroups: ApiSpec = {
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
