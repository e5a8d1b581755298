// Owns the contract between the server and the per-API handler modules: what a handler receives
// (the broker state it may touch and who is calling) and what it must provide (the normal answer
// and a state-free error answer the fault hook uses).
import type { Cluster } from '../cluster.js';
import type { GroupCoordinator } from '../groups/coordinator.js';
import type { BrokerMetrics } from '../metrics.js';

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

export interface Handler {
  apiKey: number;
  /** The response body, or null when the request expects no answer (Produce acks=0). */
  handle(ctx: RequestContext, body: Body, version: number): Promise<Body | null> | Body | null;
  /** A response carrying `errorCode` everywhere it fits, computed without touching broker state. */
  fail(body: Body, version: number, errorCode: number): Body;
}
