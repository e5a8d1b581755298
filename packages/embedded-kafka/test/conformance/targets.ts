// The differential conformance suite's two brokers: the embedded broker (in process, over TCP) and
// Apache Kafka (the bootstrap in TESSERA_TEST_KAFKA, which `npm run test:apache-kafka` starts).
// A scenario is one client sequence written once against a `Target`; `onBoth` runs it on each
// broker at the same time and returns both observations, which the test compares after
// normalising away what legitimately differs (cluster ids, broker ids, timestamps, producer ids).
import { afterAll, beforeAll } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { startBroker, type Broker } from '../../src/broker.js';
import type { Body } from '../../src/protocol/registry.js';
import { eventually as poll, quietLogger, uid } from '../helpers.js';
import { WireClient } from '../wire.js';

export interface Target {
  readonly name: 'embedded' | 'apache';
  readonly bootstrap: string;
  readonly port: number;
  readonly kafka: Kafka;
  readonly admin: Admin;
  /** Sends one raw request on a fresh connection and returns the decoded answer. */
  request(apiKey: number, apiVersion: number, body: Body): Promise<Body>;
}

export interface Both<T> { embedded: T; apache: T }

const apacheBootstrap = process.env.TESSERA_TEST_KAFKA?.split(',')[0]?.trim();

/** Brokers for one test file; the embedded one is started and stopped by the file's hooks. */
export function conformanceTargets(): () => Both<Target> {
  let broker: Broker | undefined;
  let targets: Both<Target> | undefined;
  beforeAll(async () => {
    if (!apacheBootstrap) {
      throw new Error('the conformance suite compares with Apache Kafka: set TESSERA_TEST_KAFKA=host:port (npm run test:apache-kafka does)');
    }
    // The same group settings the Apache runner configures (packages/apache-kafka/src/properties.ts);
    // the background cleaner runs often, like Apache's with log.cleaner.backoff.ms=500.
    broker = await startBroker({ minSessionTimeoutMs: 500, initialRebalanceDelayMs: 0, maintenanceIntervalMs: 500, logger: quietLogger });
    targets = {
      embedded: await target('embedded', broker.brokers[0]!),
      apache: await target('apache', apacheBootstrap),
    };
  });
  afterAll(async () => {
    await targets?.embedded.admin.disconnect();
    await targets?.apache.admin.disconnect();
    await broker?.close();
  });
  return () => {
    if (!targets) throw new Error('targets not started');
    return targets;
  };
}

async function target(name: Target['name'], bootstrap: string): Promise<Target> {
  const kafka = new Kafka({ clientId: uid('conformance'), brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 8 } });
  const admin = kafka.admin();
  await admin.connect();
  const port = Number(bootstrap.split(':').at(-1));
  return {
    name,
    bootstrap,
    port,
    kafka,
    admin,
    async request(apiKey, apiVersion, body) {
      const wire = await WireClient.open(port);
      try {
        return await wire.send(apiKey, apiVersion, body).response;
      } finally {
        wire.close();
      }
    },
  };
}

// Every producer in the suite is idempotent: on a loaded machine a plain kafkajs producer's retry
// after a timeout appends a batch twice, and the offsets compared would depend on the load.

/** Runs the scenario on both brokers concurrently (CONFORMANCE_PRINT=1 prints both observations). */
export async function onBoth<T>(targets: Both<Target>, scenario: (t: Target) => Promise<T>): Promise<Both<T>> {
  const [embedded, apache] = await Promise.all([scenario(targets.embedded), scenario(targets.apache)]);
  if (process.env.CONFORMANCE_PRINT) console.log(JSON.stringify({ embedded, apache }, null, 1));
  return { embedded, apache };
}

/** Creates a topic and waits until its leaders are known (Apache answers UNKNOWN_TOPIC_OR_PARTITION for a moment after CreateTopics). */
export async function createTopic(t: Target, topic: string, numPartitions = 1, configEntries: { name: string; value: string }[] = []): Promise<void> {
  await t.admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: false });
  await eventually(async () => {
    const md = await t.admin.fetchTopicMetadata({ topics: [topic] });
    const parts = md.topics[0]?.partitions ?? [];
    return parts.length === numPartitions && parts.every((p) => p.leader >= 0) ? true : undefined;
  }, `leaders of ${topic} on ${t.name}`);
}

/** The package's polling helper with the reason first, as the conformance sequences read. */
export function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  return poll(probe, ms, what);
}
