// Request/response headers and the 4-byte size framing. Request header v1 is
// (api_key, api_version, correlation_id, client_id); v2 adds a tagged-field section and is used for
// flexible request versions. Response header v0 is just correlation_id; v1 adds tagged fields for
// flexible responses — except ApiVersions, whose response header is always v0 (KIP-511) so a client
// can parse it before knowing which versions the broker speaks.

import { ErrorCode, ProtocolError } from './errors.js';
import type { Reader, Writer } from './primitives.js';

export const API_VERSIONS_KEY = 18;

/** Size of the int32 length prefix in front of every frame. */
export const FRAME_PREFIX_BYTES = 4;

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Reads the v1 part of a request header (shared by v1 and v2). */
export function readRequestHeader(r: Reader): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  // client_id stays a classic nullable string even in header v2.
  const clientId = r.nullableString();
  return { apiKey, apiVersion, correlationId, clientId };
}

export function writeRequestHeader(w: Writer, h: RequestHeader, flexible: boolean): void {
  w.int16(h.apiKey).int16(h.apiVersion).int32(h.correlationId).nullableString(h.clientId);
  if (flexible) w.emptyTaggedFields();
}

/** True when the response header carries a tagged-field section (header v1). */
export function responseHeaderIsFlexible(apiKey: number, bodyFlexible: boolean): boolean {
  return bodyFlexible && apiKey !== API_VERSIONS_KEY;
}

export function writeResponseHeader(w: Writer, correlationId: number, flexibleHeader: boolean): void {
  w.int32(correlationId);
  if (flexibleHeader) w.emptyTaggedFields();
}

export function readResponseHeader(r: Reader, flexibleHeader: boolean): number {
  const correlationId = r.int32();
  if (flexibleHeader) r.skipTaggedFields();
  return correlationId;
}

/**
 * Length of the first complete frame in `buf` (prefix included), or 0 when more bytes are needed.
 * For servers that accumulate socket data; throws a ProtocolError on a negative size.
 */
export function completeFrameLength(buf: Buffer): number {
  if (buf.length < FRAME_PREFIX_BYTES) return 0;
  const size = buf.readInt32BE(0);
  if (size < 0) throw new ProtocolError({ code: ErrorCode.INVALID_REQUEST, message: `negative frame size ${size}` });
  const total = FRAME_PREFIX_BYTES + size;
  return buf.length >= total ? total : 0;
}
