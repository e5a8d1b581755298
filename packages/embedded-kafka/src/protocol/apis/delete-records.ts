// DeleteRecords (key 21), v0-1 (identical schemas). offset -1 means "up to the high watermark".

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'offset', type: 'int64', versions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
  { name: 'timeoutMs', type: 'int32', versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'topics', type: { array: [
      { name: 'name', type: 'string', versions: '0+' },
      { name: 'partitions', type: { array: [
          { name: 'partitionIndex', type: 'int32', versions: '0+' },
          { name: 'lowWatermark', type: 'int64', versions: '0+' },
          { name: 'errorCode', type: 'int16', versions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const deleteRecords: ApiSpec<typeof request, typeof response> = {
  key: 21,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
