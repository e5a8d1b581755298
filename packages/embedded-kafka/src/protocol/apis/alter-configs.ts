// AlterConfigs (key 33), v0-1 (identical schemas; v2 is flexible and not advertised). The legacy,
// non-incremental form: the configs sent become the resource's whole set of overrides.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'resources', type: { array: [
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
      { name: 'configs', type: { array: [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
  { name: 'validateOnly', type: 'boolean', versions: '0+' },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'responses', type: { array: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const alterConfigs: ApiSpec<typeof request, typeof response> = {
  key: 33,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: Infinity,
  request,
  response,
};
