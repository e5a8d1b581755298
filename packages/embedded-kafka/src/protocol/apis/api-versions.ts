// ApiVersions (key 18), v0-3: the handshake. v1 adds throttleTimeMs to the response; v3 is the only
// flexible version we speak (compact strings/arrays, tagged fields) and carries the client's software
// name/version (KIP-511). Its response header stays v0 (see header.ts). Optional v3 tagged fields
// (supported/finalized features) are never written.

import type { ApiSpec, Struct } from '../schema.js';

const request = [
  { name: 'clientSoftwareName', type: 'string', versions: '3+' },
  { name: 'clientSoftwareVersion', type: 'string', versions: '3+' },
] as const satisfies Struct;

const response = [
  { name: 'errorCode', type: 'int16', versions: '0+' },
  { name: 'apiKeys', type: { array: [
      { name: 'apiKey', type: 'int16', versions: '0+' },
      { name: 'minVersion', type: 'int16', versions: '0+' },
      { name: 'maxVersion', type: 'int16', versions: '0+' },
  ] }, versions: '0+' },
  { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
] as const satisfies Struct;

export const apiVersions: ApiSpec<typeof request, typeof response> = {
  key: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  request,
  response,
};
