// Delivery's settings, one environment variable each. Declarations only, so the docs printer can
// import it. Defaults are the local stack's.
import { hostname } from 'node:os';
import { Type } from '@sinclair/typebox';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { DeviceAuthEnv } from '@tessera/device-auth/config';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';


/** A node id safe inside Redis keys and group ids: the host name and the pid by default. */
export function defaultNodeId(): string {
  return `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'node'}-${process.pid}`;
}

export const ConfigSchema = Type.Object({
  HOST: env.string({ default: '127.0.0.1', description: 'Interface the HTTP/WebSocket server binds' }),
  PORT: env.port({ default: 8083, description: 'Port of /v1/socket, /v1/feed, /demo/, /healthz, /readyz, /metrics' }),
  NODE_ID: env.string({ default: '', description: 'This node\'s id in presence and its pub/sub channel ([A-Za-z0-9._-]; empty = <hostname>-<pid>); stable per pod in production' }),
  ...kafkaConfigFields,
  KAFKA_SESSION_TIMEOUT: env.duration({ min: 1_000, default: 30_000, description: 'Consumer group session timeout: how soon the feeds of a dead node\'s partitions move to the others' }),
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  FEEDS_GROUP: env.string({ default: 'delivery', description: 'Consumer group on recommendations.v2, shared by every node' }),
  FEEDS_CONCURRENCY: env.int({ min: 1, max: 64, default: 4, description: 'Partitions of recommendations.v2 applied at once (each waits on Redis)' }),
  TAKEDOWNS_GROUP: env.string({ default: 'delivery', description: 'Takedowns on content.v1 use the group <this>.<NODE_ID>: every node reads every takedown' }),
  TAKEDOWN_LOOKBACK: env.duration({ min: 0, default: 600_000, description: 'At start, takedowns of this recent past are read too' }),
  TAKEDOWN_MEMORY: env.int({ min: 1, default: 100_000, description: 'Recent takedowns remembered to mark cards of later feeds removed' }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'], default: 'redis://127.0.0.1:6379', description: 'Redis (pushes streams, presence, pub/sub between nodes, the recommender\'s u:{id}:feed)' }),
  ...DeviceAuthEnv.properties,
  MAX_CONNECTIONS: env.int({ min: 1, default: 50_000, description: 'Most sockets on this node (open plus upgrading); beyond it 503 too_many_connections' }),
  CONNECTION_RATE: env.int({ min: 1, default: 2_000, description: 'New sockets per second on this node; beyond it 503 connection_rate_limited with Retry-After' }),
  HEARTBEAT_INTERVAL: env.duration({ min: 50, default: 25_000, description: 'Server ping interval (the first ping at a random point of it); no pong before the next ping closes the socket' }),
  TICK: env.duration({ min: 10, default: 1_000, description: 'Resolution of heartbeat and token-expiry checks' }),
  BUFFER_CAP_BYTES: env.int({ min: 1_024, default: 131_072, description: 'Per-socket cap on bytes waiting to be written; above it newer changes replace the waiting one' }),
  SLOW_CLIENT_TIMEOUT: env.duration({ min: 100, default: 10_000, description: 'A socket over its cap this long is closed with 4002 slow_client' }),
  MAX_PAYLOAD_BYTES: env.int({ min: 128, max: 65_536, default: 4_096, description: 'Largest frame a device may send (larger: close 1009)' }),
  PRESENCE_TTL: env.duration({ min: 300, default: 90_000, description: 'Presence of a node for a user expires after this unless refreshed (every TTL/3)' }),
  PUSH_HISTORY: env.int({ min: 2, max: 1_000, default: 32, description: 'Approximate number of changes kept per user for resume' }),
  PUSH_HISTORY_TTL: env.duration({ min: 1_000, default: 300_000, description: 'A user\'s resume history expires this long after its last change' }),
  DRAIN_PERIOD: env.duration({ min: 0, default: 10_000, description: 'On SIGTERM, sockets are told to reconnect elsewhere, spread over this period' }),
  DEMO_TOKEN_USERS: env.list({ default: [], description: 'Local demo only: userId:deviceId pairs POST /demo/token signs HS256 tokens for; empty = the endpoint is off (never set in production)' }),
  DEMO_BEACON_URL: env.string({ default: '', description: 'Beacon base URL the demo page posts to (empty = no unlock button)' }),
  DEMO_CLICKS_URL: env.string({ default: '', description: 'clicks-tracker base URL the demo page posts to (empty = no tap/like/dismiss)' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create the topics this app uses when missing (from the contracts catalogue) at start' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;


/** The demo users the token endpoint may sign for; throws naming the bad entry. */
export function demoTokenUsers(config: Config): { userId: string; deviceId: string }[] {
  return config.DEMO_TOKEN_USERS.map((entry) => {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*):([A-Za-z0-9][A-Za-z0-9._-]*)$/.exec(entry);
    if (!m) throw new Error(`DEMO_TOKEN_USERS: expected userId:deviceId, received ${JSON.stringify(entry)}`);
    return { userId: m[1] as string, deviceId: m[2] as string };
  });
}
