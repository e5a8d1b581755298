// InitProducerId (key 22), v0-1 (identical schemas). A null transactionalId asks for a fresh
// idempotent producer id.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
  { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'producerId', type: 'int64', versions: '0+', default: -1 },
  { name: 'producerEpoch', type: 'int16', versions: '0+' },
] as const satisfies Struct;

export const initProducerId: ApiSpec<typeof request, typeof response> = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
