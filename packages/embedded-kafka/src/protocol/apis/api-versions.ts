// ApiVersions (key 18), versions 0-3. TODO header.

import type { ApiSpec, Struct } from '../schema.js';

const request: Struct = [
  { name: 'clientSoftwareName', type: 'string', versions: '3+' },
  { name: 'clientSoftwareVersion', type: 'string', versions: '3+' },
];

const response: Struct = [
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'apiKeys', type: { array: [
      { name: 'apiKey', type: 'int16', versions: '0+' },
      { name: 'minVersion', type: 'int16', versions: '0+' },
      { name: 'maxVersion', type: 'int16', versions: '0+' },
  ] }, versions: '0+' },
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
];

export const apiVersions: ApiSpec = {
  key: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  request,
  response,
};
