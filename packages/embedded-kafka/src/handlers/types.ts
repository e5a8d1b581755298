// Owns the contract between the server and the per-API handler modules: what a handler receives
// (the broker state it may touch and who is calling) and what it must provide (the normal answer
// and a state-free error answer the fault hook uses).
import type { Cluster } from '../cluster.js';
import type { GroupCoordinator } from '../groups/coordinator.js';
import type { BrokerMetrics } from '../metrics.js';
import type { ApiSpec, DecodedRequestOf, ReplyOf } from '../protocol/schema.js';

/** Decoded request/response bodies use Apache Kafka's JSON spec field names in lowerCamelCase. */
export type Body = Record<string, unknown>;

export interface RequestContext {
  cluster: Cluster;
  groups: GroupCoordinator;
  metrics: BrokerMetrics;
  /** The address this connection dialled; Metadata and FindCoordinator advertise exactly this. */
  listener: { host: string; port: number };
  clientId: string | null;
  /** Remote address of the connection (DescribeGroups reports it per member). */
  clientHost: string;
}

/** What the server calls: one per API key, bodies as the codec reads and writes them. */
export interface Handler {
  apiKey: number;
  /** The response body, or null when the request expects no answer (Produce acks=0). */
  handle(ctx: RequestContext, body: Body, version: number): Promise<Body | null> | Body | null;
  /** A response carrying `errorCode` everywhere it fits, computed without touching broker state. */
  fail(body: Body, version: number, errorCode: number): Body;
}

/** A handler written against its API's schema: the request and reply types derive from it. */
export interface ApiHandler<A extends ApiSpec> {
  handle(ctx: RequestContext, body: DecodedRequestOf<A>, version: number): Promise<ReplyOf<A> | null> | ReplyOf<A> | null;
  fail(body: DecodedRequestOf<A>, version: number, errorCode: number): ReplyOf<A>;
}

/**
 * The server's Handler for `spec`. The one place the codec's untyped body meets the typed
 * handler: the server decodes every request with the spec registered for its key
 * (protocol/registry.ts), and that is this `spec` (table.test.ts checks the keys), so the body has
 * exactly DecodedRequestOf<A>'s fields.
 */
export function handlerFor<A extends ApiSpec>(spec: A, handler: ApiHandler<A>): Handler {
  const typed = (body: Body) => body as DecodedRequestOf<A>;
  return {
    apiKey: spec.key,
    handle: (ctx, body, version) => handler.handle(ctx, typed(body), version) as Promise<Body | null> | Body | null,
    fail: (body, version, errorCode) => handler.fail(typed(body), version, errorCode) as Body,
  };
}
