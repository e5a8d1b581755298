// ApiVersions (key 18), v0–v3. Answers exactly the advertised table (protocol/registry.ts). v3 is
// the one flexible request in the advertised ranges (librdkafka sends it first); its response still
// uses response header v0. A version above 3 never reaches this module: the server answers it with
// a v0-shaped UNSUPPORTED_VERSION body so the client retries lower (KIP-511).
import { ErrorCode } from '../protocol/errors.js';
import { advertisedApiKeys } from '../protocol/registry.js';
import { apiVersions as apiVersionsApi } from '../protocol/apis/api-versions.js';
import { handlerFor } from './types.js';

export const apiVersions = handlerFor(apiVersionsApi, {
  handle() {
    return { errorCode: ErrorCode.NONE, apiKeys: advertisedApiKeys(), throttleTimeMs: 0 };
  },
  fail(_body, _version, errorCode) {
    return { errorCode, apiKeys: advertisedApiKeys(), throttleTimeMs: 0 };
  },
});
