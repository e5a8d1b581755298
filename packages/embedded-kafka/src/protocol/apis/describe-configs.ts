// DescribeConfigs (key 32), v0-2. v1 replaces isDefault with configSource, adds includeSynonyms and
// synonyms; v2 = v1. A null configurationKeys means "all configs of the resource".

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'resources', type: { array: [
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
      { name: 'configurationKeys', type: { array: 'string' }, versions: '0+', nullableVersions: '0+' },
  ] }, versions: '0+' },
  { name: 'includeSynonyms', type: 'boolean', versions: '1+', default: false },
] as const satisfies Struct;

const response = [
  { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
  { name: 'results', type: { array: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      { name: 'resourceType', type: 'int8', versions: '0+' },
      { name: 'resourceName', type: 'string', versions: '0+' },
      { name: 'configs', type: { array: [
          { name: 'name', type: 'string', versions: '0+' },
          { name: 'value', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'readOnly', type: 'boolean', versions: '0+' },
          { name: 'isDefault', type: 'boolean', versions: '0-0' },
          { name: 'configSource', type: 'int8', versions: '1+', default: -1 },
          { name: 'isSensitive', type: 'boolean', versions: '0+' },
          { name: 'synonyms', type: { array: [
              { name: 'name', type: 'string', versions: '1+' },
              { name: 'value', type: 'string', versions: '1+', nullableVersions: '0+' },
              { name: 'source', type: 'int8', versions: '1+' },
          ] }, versions: '1+' },
      ] }, versions: '0+' },
  ] }, versions: '0+' },
] as const satisfies Struct;

export const describeConfigs: ApiSpec<typeof request, typeof response> = {
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: Infinity,
  request,
  response,
};
