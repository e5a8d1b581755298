// Test-only bridge to kafkajs 2.2.4's protocol modules, the independent oracle for the codec tests:
// its per-version request encoders produce the frames we decode, its response decoders read the
// frames we encode, and its record-batch encoder makes realistic `records` payloads. Nothing in the
// broker imports this file.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- kafkajs is untyped JavaScript */
type AnyFn = (...args: any[]) => any;
interface KafkajsEncoder {
  buffer: Buffer;
}
interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<KafkajsEncoder>;
}
interface KafkajsResponse {
  decode(payload: Buffer): Promise<any>;
  parse(decoded: any): Promise<any>;
}

const createRequest = require('kafkajs/src/protocol/request') as AnyFn;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number | string): unknown };

function requestModule(api: string, version: number): AnyFn {
  return require(`kafkajs/src/protocol/requests/${api}/v${version}/request`) as AnyFn;
}
// A few kafkajs response modules (DeleteRecords) are factories taking the request's arguments.
function responseModule(api: string, version: number, args: unknown): KafkajsResponse {
  const mod = require(`kafkajs/src/protocol/requests/${api}/v${version}/response`) as KafkajsResponse | AnyFn;
  return typeof mod === 'function' ? (mod(args) as KafkajsResponse) : mod;
}

export const CORRELATION_ID = 4242;
export const CLIENT_ID = 'oracle-client';

/**
 * Encodes a request the way kafkajs puts it on the wire (request header v1) and returns the frame
 * WITHOUT the 4-byte size prefix — the shape decodeRequest takes. Also checks the prefix is right.
 */
export async function kafkajsRequestFrame(api: string, version: number, args: unknown): Promise<Buffer> {
  const request = requestModule(api, version)(args) as KafkajsRequest;
  if (request.apiVersion !== version) throw new Error(`kafkajs ${api} v${version} encoder reports v${request.apiVersion}`);
  const encoder = (await createRequest({ correlationId: CORRELATION_ID, clientId: CLIENT_ID, request })) as KafkajsEncoder;
  const full = encoder.buffer;
  if (full.readInt32BE(0) !== full.length - 4) throw new Error('kafkajs frame size prefix mismatch');
  return Buffer.from(full.subarray(4));
}

/**
 * Reads a size-prefixed response frame the way kafkajs's connection does (response header v0) and
 * runs the version's `decode`, plus `parse` when asked (parse throws on error codes).
 */
export async function kafkajsDecodeResponse(
  api: string,
  version: number,
  frame: Buffer,
  opts: { parse?: boolean; correlationId?: number; requestArgs?: unknown } = {},
): Promise<any> {
  const size = frame.readInt32BE(0);
  if (size !== frame.length - 4) throw new Error(`size prefix ${size} != ${frame.length - 4}`);
  const correlationId = frame.readInt32BE(4);
  const expected = opts.correlationId ?? CORRELATION_ID;
  if (correlationId !== expected) throw new Error(`correlation id ${correlationId} != ${expected}`);
  const mod = responseModule(api, version, opts.requestArgs ?? {});
  const decoded = await mod.decode(frame.subarray(8));
  return opts.parse ? mod.parse(decoded) : decoded;
}

/** A magic-2 record batch built by kafkajs's own encoder, with the given base offset. */
export async function kafkajsRecordBatch(opts: {
  baseOffset: number;
  timestamp: number;
  messages: { key: string | null; value: string | null; headers?: Record<string, string> }[];
}): Promise<Buffer> {
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as AnyFn;
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: AnyFn };
  const records = opts.messages.map((m, i) => Record({ ...m, offsetDelta: i, timestampDelta: 0 }));
  const batch = (await RecordBatch({
    firstOffset: Long.fromValue(opts.baseOffset),
    firstTimestamp: opts.timestamp,
    maxTimestamp: opts.timestamp,
    lastOffsetDelta: records.length - 1,
    records,
  })) as KafkajsEncoder;
  return Buffer.from(batch.buffer);
}

/**
 * The throttle time the broker sent: kafkajs reports it as `clientSideThrottleTime` (and 0 in
 * `throttleTime`) for versions covered by KIP-219, and as `throttleTime` before.
 */
export function wireThrottle(decoded: { throttleTime?: number; clientSideThrottleTime?: number }): number | undefined {
  return decoded.clientSideThrottleTime ?? decoded.throttleTime;
}

export function kafkajsLong(v: number | string): unknown {
  return Long.fromValue(v);
}
