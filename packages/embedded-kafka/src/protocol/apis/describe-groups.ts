// DescribeGroups (key 15), v0-2. v1 adds throttleTimeMs; v2 = v1. groupState is one of Empty,
// PreparingRebalance, CompletingRebalance, Stable, Dead; member metadata/assignment are opaque bytes.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'groups', type: { array: 'string' }, versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
  { name: 'groups', type: { array: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'groupId', type: 'string', versions: '0+' },
      { name: 'groupState', type: 'string', versions: '0+' },
      { name: 'protocolType', type: 'string', versions: '0+' },
      { name: 'protocolData', type: 'string', versions: '0+' },
      { name: 'members', type: { array: [
          { name: 'memberId', type: 'string', versions: '0+' },
          { name: 'clientId', type: 'string', versions: '0+' },
          { name: 'clientHost', type: 'string', versions: '0+' },
          { name: 'memberMetadata', type: 'bytes', versions: '0+' },
          { name: 'memberAssignment', type: 'bytes', versions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const describeGroups: ApiSpec<typeof request, typeof response> = {
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: Infinity,
  request,
  response,
};
