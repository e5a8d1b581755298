// Produce (key 0), v3-7: only record batch v2 clients. Requests are identical across v3-7 (v7 only
// signals zstd support); responses gain logStartOffset at v5. `records` is the raw batch bytes.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'transactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  { name: 'acks', type: 'int16', versions: '0+' },
  { name: 'timeoutMs', type: 'int32', versions: '0+' },
  { name: 'topicData', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitionData', type: { array: [
          { name: 'index', type: 'int32', versions: '0+' },
          { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'responses', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitionResponses', type: { array: [
          { name: 'index', type: 'int32', versions: '0+' },
          { name: 'errorCode', type: 'int16', versions: '0+' },
          { name: 'baseOffset', type: 'int64', versions: '0+' },
          { name: 'logAppendTimeMs', type: 'int64', versions: '2+', default: -1 },
          { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1 },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
  { name: 'throttleTimeMs', type: 'int32', versions: '1+', default: 0 },
] as const satisfies Struct;

export const produce: ApiSpec<typeof request, typeof response> = {
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  flexibleFrom: Infinity,
  request,
  response,
};
