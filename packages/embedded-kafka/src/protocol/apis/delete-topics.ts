// DeleteTopics (key 20), v0-1. v1 adds throttleTimeMs.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'topicNames', type: { array: 'string' }, versions: '0+' },
  { name: 'timeoutMs', type: 'int32', versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
  { name: 'responses', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const deleteTopics: ApiSpec<typeof request, typeof response> = {
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
