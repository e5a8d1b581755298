// IncrementalAlterConfigs (key 44), v0 only (v1 is the first flexible version and not advertised).
// Each config carries an operation: 0 SET, 1 DELETE (back to the default), 2 APPEND and 3 SUBTRACT
// (list-typed configs only). The response has AlterConfigs' shape.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'resources', type: { array: [
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
      { name: 'configs', type: { array: [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'configOperation', type: 'int8', versions: '0+' },
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

export const incrementalAlterConfigs: ApiSpec<typeof request, typeof response> = {
  key: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: Infinity,
  request,
  response,
};
