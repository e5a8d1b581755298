// The advertised API table and the entry points the server uses: decodeRequest for an incoming frame
// and encodeResponse for the reply. Ranges are chosen from what the clients in use need: wide enough for librdkafka
// 2.0.2's feature probes (Produce 3, Fetch 4, ... must be inside) and for kafka-python's low versions,
// capped at kafkajs 2.2.4's maxima so nothing flexible is negotiated except ApiVersions v3.
// encodeRequest / decodeResponse are the mirror image, used by tests and tools.

import { alterConfigs } from './apis/alter-configs.js';
import { apiVersions } from './apis/api-versions.js';
import { createPartitions } from './apis/create-partitions.js';
import { createTopics } from './apis/create-topics.js';
import { deleteGroups } from './apis/delete-groups.js';
import { deleteRecords } from './apis/delete-records.js';
import { deleteTopics } from './apis/delete-topics.js';
import { describeConfigs } from './apis/describe-configs.js';
import { describeGroups } from './apis/describe-groups.js';
import { fetch } from './apis/fetch.js';
import { findCoordinator } from './apis/find-coordinator.js';
import { heartbeat } from './apis/heartbeat.js';
import { incrementalAlterConfigs } from './apis/incremental-alter-configs.js';
import { initProducerId } from './apis/init-producer-id.js';
import { joinGroup } from './apis/join-group.js';
import { leaveGroup } from './apis/leave-group.js';
import { listGroups } from './apis/list-groups.js';
import { listOffsets } from './apis/list-offsets.js';
import { metadata } from './apis/metadata.js';
import { offsetCommit } from './apis/offset-commit.js';
import { offsetFetch } from './apis/offset-fetch.js';
import { produce } from './apis/produce.js';
import { syncGroup } from './apis/sync-group.js';
import { ErrorCode, ProtocolError } from './errors.js';
import {
  API_VERSIONS_KEY,
  readRequestHeader,
  readResponseHeader,
  responseHeaderIsFlexible,
  writeRequestHeader,
  writeResponseHeader,
  type RequestHeader,
} from './header.js';
import { Reader, Writer } from './primitives.js';
import { compile, type ApiSpec, type Body } from './schema.js';

export type { ApiSpec, Body } from './schema.js';
export type { RequestHeader } from './header.js';

const SPECS: readonly ApiSpec[] = [
  produce, fetch, listOffsets, metadata, offsetCommit, offsetFetch, findCoordinator, joinGroup,
  heartbeat, leaveGroup, syncGroup, describeGroups, listGroups, apiVersions, createTopics,
  deleteTopics, deleteRecords, initProducerId, describeConfigs, alterConfigs, createPartitions, deleteGroups,
  incrementalAlterConfigs,
];

export const APIS: ReadonlyMap<number, ApiSpec> = new Map(SPECS.map((s) => [s.key, s]));

/** The `apiKeys` array of an ApiVersions response: exactly the advertised table. */
export function advertisedApiKeys(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return SPECS.map((s) => ({ apiKey: s.key, minVersion: s.minVersion, maxVersion: s.maxVersion }));
}

function specFor(apiKey: number, apiVersion: number, correlationId?: number): ApiSpec {
  const spec = APIS.get(apiKey);
  if (!spec || apiVersion < spec.minVersion || apiVersion > spec.maxVersion) {
    throw new ProtocolError({
      code: ErrorCode.UNSUPPORTED_VERSION,
      message: spec
        ? `${spec.name} v${apiVersion} not supported (advertised ${spec.minVersion}-${spec.maxVersion})`
        : `unknown api key ${apiKey}`,
      apiKey,
      apiVersion,
      correlationId,
    });
  }
  return spec;
}

// Attach the header context to errors raised deep inside a body codec.
function withContext<T>(h: { apiKey: number; apiVersion: number; correlationId?: number }, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    if (cause instanceof ProtocolError && cause.apiKey !== undefined) throw cause;
    throw new ProtocolError({
      code: cause instanceof ProtocolError ? cause.code : ErrorCode.INVALID_REQUEST,
      message: `api ${h.apiKey} v${h.apiVersion}: ${cause instanceof Error ? cause.message : String(cause)}`,
      apiKey: h.apiKey,
      apiVersion: h.apiVersion,
      correlationId: h.correlationId,
      cause,
    });
  }
}

export interface DecodedRequest {
  header: RequestHeader;
  body: Body;
}

/**
 * Decodes one request frame (the bytes after the 4-byte size). Throws ProtocolError carrying
 * apiKey/apiVersion/correlationId for unknown keys, unadvertised versions and malformed bodies.
 * Buffers in the body (records, bytes) are views of `frame`.
 */
export function decodeRequest(frame: Buffer): DecodedRequest {
  const r = new Reader(frame);
  const header = withContext({ apiKey: -1, apiVersion: -1 }, () => readRequestHeader(r));
  const spec = specFor(header.apiKey, header.apiVersion, header.correlationId);
  const flexible = header.apiVersion >= spec.flexibleFrom;
  const body = withContext(header, () => {
    if (flexible) r.skipTaggedFields();
    return compile(spec.request, header.apiVersion, flexible).read(r);
  });
  return { header, body };
}

/** Encodes a response body into a complete frame, size prefix included. */
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: Body): Buffer {
  const spec = specFor(apiKey, apiVersion, correlationId);
  const flexible = apiVersion >= spec.flexibleFrom;
  const w = new Writer(1024);
  w.int32(0);
  writeResponseHeader(w, correlationId, responseHeaderIsFlexible(apiKey, flexible));
  withContext({ apiKey, apiVersion, correlationId }, () => compile(spec.response, apiVersion, flexible).write(w, body));
  return w.patchInt32(0, w.length - 4).finish();
}

/**
 * The answer to an ApiVersions request whose version is not advertised: a v0-shaped body with
 * UNSUPPORTED_VERSION and the api list, so clients (librdkafka sends v3 first) can retry lower.
 */
export function encodeApiVersionsUnsupported(correlationId: number): Buffer {
  return encodeResponse(API_VERSIONS_KEY, 0, correlationId, {
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apiKeys: advertisedApiKeys(),
  });
}

/** Encodes a request frame, size prefix included (tests and tools). */
export function encodeRequest(header: RequestHeader, body: Body): Buffer {
  const spec = specFor(header.apiKey, header.apiVersion, header.correlationId);
  const flexible = header.apiVersion >= spec.flexibleFrom;
  const w = new Writer(256);
  w.int32(0);
  writeRequestHeader(w, header, flexible);
  compile(spec.request, header.apiVersion, flexible).write(w, body);
  return w.patchInt32(0, w.length - 4).finish();
}

/** Decodes a response frame (bytes after the size) for a request of the given key and version. */
export function decodeResponse(apiKey: number, apiVersion: number, frame: Buffer): { correlationId: number; body: Body } {
  const spec = specFor(apiKey, apiVersion);
  const flexible = apiVersion >= spec.flexibleFrom;
  const r = new Reader(frame);
  const correlationId = readResponseHeader(r, responseHeaderIsFlexible(apiKey, flexible));
  return { correlationId, body: compile(spec.response, apiVersion, flexible).read(r) };
}
