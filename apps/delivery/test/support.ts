// What delivery's integration tests share: a node built in process exactly as main.ts wires it
// (real Redis, the embedded broker over TCP), feeds made like the recommender makes them, and a
// WebSocket client that records every frame and the close code.
import { exampleFeed } from '@tessera/contracts/examples';
import type { DeadLetter } from '@tessera/contracts/schemas/dead-letter';
import type { Feed } from '@tessera/contracts/schemas/feed';
import { createVerifier } from '@tessera/device-auth/verifier';
import { createHealth } from '@tessera/platform/health';
import { createMetricsRegistry } from '@tessera/platform/metrics';
import type { Registry } from '@tessera/platform/metrics';
import type { ConsumerRunner } from '@tessera/streams/consumer-runner';
import { createProducer } from '@tessera/streams/producer';
import type { StreamProducer } from '@tessera/streams/producer';
import { eventId, eventually, silent } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import WebSocket from 'ws';
import { buildDeliveryApp } from '../src/app.js';
import type { DemoOptions } from '../src/demo/routes.js';
import { createAdmission } from '../src/http/admission.js';
import { createDeliveryMetrics } from '../src/metrics.js';
import { createDeliveryNode } from '../src/node.js';
import type { DeliveryNode, DeliveryNodeOptions } from '../src/node.js';
import { startFeedConsumer, startTakedownConsumer } from '../src/push/consumers.js';
import { startForwarder } from '../src/push/forwarder.js';
import { createPresence } from '../src/state/presence.js';
import { createUserStateStore } from '../src/state/user-state.js';

/** UUIDv7-shaped event ids: the streams test kit's. */
export { eventId };

export const SECRET = 'test-device-key-0123456789abcdef';


/** A valid feed for the user with the given card ids, as the recommender produces it. */
export function feedFor(userId: string, contentIds: readonly string[], extra: Record<string, unknown> = {}, occurredAt = Date.now()): Feed {
  const base = exampleFeed();
  const card = base.cards[0]!;
  const id = eventId();
  return {
    ...base, eventId: id, feedId: id, occurredAt, userId,
    cards: contentIds.map((contentId, position) => ({ ...card, contentId, position, content: { ...card.content, title: `Card ${contentId}` } })),
    ...extra,
  } as Feed;
}

export interface TestNode {
  readonly nodeId: string;
  readonly node: DeliveryNode;
  readonly app: FastifyInstance;
  readonly registry: Registry;
  readonly url: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

export interface TestNodeOptions {
  readonly kafka: Kafka;
  readonly names: TopicNames;
  readonly redis: Redis;
  readonly nodeId: string;
  readonly groupId: string;
  readonly options?: Partial<DeliveryNodeOptions>;
  readonly maxConnections?: number;
  readonly connectionRate?: number;
  readonly maxPayloadBytes?: number;
  readonly demo?: DemoOptions;
  /** Without consumers the node only serves sockets (for tests that need none). */
  readonly consume?: boolean;
}

export async function startTestNode(o: TestNodeOptions): Promise<TestNode> {
  const registry = createMetricsRegistry({ app: `delivery-${o.nodeId}` });
  const verify = await createVerifier({ keys: { kind: 'hs256', secret: SECRET }, clockToleranceSec: 0 });
  let node: DeliveryNode | undefined;
  const forwarder = await startForwarder({ redis: o.redis, nodeId: o.nodeId, logger: silent, onUpdate: (u) => node?.receiveForward(u), onResubscribed: () => void node?.resync() });
  const metrics = createDeliveryMetrics(registry, () => node?.sessions.size ?? 0);
  node = createDeliveryNode({
    nodeId: o.nodeId, metrics, logger: silent, verify,
    store: createUserStateStore(o.redis, { historyLength: 32, historyTtlMs: 60_000 }),
    presence: createPresence(o.redis, o.nodeId, 30_000),
    forward: (target, update) => forwarder.publish(target, update),
    options: { heartbeatMs: 60_000, bufferCapBytes: 64 * 1024, slowClientTimeoutMs: 2_000, tickMs: 50, presenceTtlMs: 30_000, takedownMemory: 1000, ...o.options },
  });
  const runners: ConsumerRunner[] = [];
  let producer: StreamProducer | undefined;
  if (o.consume !== false) {
    producer = createProducer({ kafka: o.kafka, names: o.names });
    await producer.connect();
    const deps = { kafka: o.kafka, names: o.names, node, logger: silent, deadLetter: (l: DeadLetter[]) => producer!.send('dlq.v1', l), sessionTimeoutMs: 6_000 };
    runners.push(await startTakedownConsumer({ ...deps, groupId: `${o.groupId}-takedowns.${o.nodeId}`, lookbackMs: 60_000 }));
    runners.push(await startFeedConsumer({ ...deps, groupId: o.groupId }));
  }
  const admission = createAdmission({ maxConnections: o.maxConnections ?? 10_000, ratePerSec: o.connectionRate ?? 10_000 });
  const app = await buildDeliveryApp({
    node, verify, admission, metrics, registry, health: createHealth(), maxPayloadBytes: o.maxPayloadBytes ?? 4096,
    logger: silent, ...(o.demo ? { demo: o.demo } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const theNode = node;
  return {
    nodeId: o.nodeId, node: theNode, app, registry,
    url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/v1/socket`,
    async stop() {
      admission.startDraining();
      await theNode.drain(0, 2_000);
      await app.close();
      await Promise.all(runners.map((r) => r.stop()));
      await producer?.close();
      await forwarder.stop();
      theNode.stop();
    },
  };
}

export interface Frame {
  readonly v: number;
  readonly type: string;
  readonly offset?: string | null;
  readonly resumed?: boolean;
  readonly feed?: (Feed & Record<string, unknown>) | null;
  readonly removed?: string[];
  readonly contentId?: string;
  readonly feedId?: string;
  readonly code?: string;
  readonly [k: string]: unknown;
}

export interface TestClient {
  readonly ws: WebSocket;
  readonly frames: Frame[];
  /** Close code once closed. */
  closed(): number | undefined;
  /** Waits for the n-th frame (1-based) matching the predicate. */
  waitFor(predicate: (f: Frame) => boolean, what: string, n?: number): Promise<Frame>;
  waitClosed(): Promise<number>;
  send(value: unknown): void;
  close(): Promise<void>;
}

export interface ConnectOptions {
  readonly token: string;
  readonly via?: 'header' | 'subprotocol' | 'query';
  readonly lastOffset?: string;
  readonly userId?: string;
  /** Answer pings with pongs (default true). */
  readonly pong?: boolean;
}

/** Opens a socket; rejects with the HTTP status and body when the upgrade is refused. */
export function connect(wsUrl: string, o: ConnectOptions): Promise<TestClient> {
  const url = new URL(wsUrl);
  if (o.lastOffset) url.searchParams.set('lastOffset', o.lastOffset);
  if (o.userId) url.searchParams.set('userId', o.userId);
  const via = o.via ?? 'header';
  if (via === 'query') url.searchParams.set('access_token', o.token);
  const protocols = via === 'subprotocol' ? ['tessera.v1', `tessera.bearer.${o.token}`] : undefined;
  const ws = new WebSocket(url, protocols, via === 'header' ? { headers: { authorization: `Bearer ${o.token}` } } : {});
  const frames: Frame[] = [];
  let code: number | undefined;
  const closedP = new Promise<number>((resolve) => ws.once('close', (c) => { code = c; resolve(c); }));
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    if (frame.type === 'ping' && o.pong !== false) ws.send('{"v":1,"type":"pong"}');
  });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, headers: res.headers, body: JSON.parse(body || '{}') })));
    });
    ws.once('error', reject);
    ws.once('open', () => resolve({
      ws, frames,
      closed: () => code,
      waitFor: (predicate, what, n = 1) => eventually(() => frames.filter(predicate)[n - 1], what, 20_000),
      waitClosed: () => closedP,
      send: (value) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
      async close() {
        if (ws.readyState === WebSocket.CLOSED) return;
        ws.close();
        await Promise.race([closedP, new Promise((r) => setTimeout(r, 2_000))]);
        ws.terminate();
      },
    }));
  });
}

export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values.filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val)).reduce((s, v) => s + v.value, 0);
}

/**
 * Waits until the node's feed consumer has joined its group: a new group starts at the end of
 * the topic, so feeds produced before that would never be consumed. Produces probe feeds for a
 * probe user until the probe socket receives one.
 */
export async function primeFeeds(wsUrl: string, producer: StreamProducer, token: string, userId: string): Promise<void> {
  const probe = await connect(wsUrl, { token });
  try {
    await probe.waitFor((f) => f.type === 'snapshot', 'probe snapshot');
    await eventually(async () => {
      if (probe.frames.some((f) => f.type === 'feed')) return true;
      await producer.send('recommendations.v2', [feedFor(userId, ['probe-1'])]);
      await new Promise((r) => setTimeout(r, 1_000));
      return probe.frames.some((f) => f.type === 'feed') ? true : undefined;
    }, 'the feed consumer to join its group', 40_000);
  } finally {
    await probe.close();
  }
}
