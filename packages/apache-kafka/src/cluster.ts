// Starts Apache Kafka in KRaft mode on loopback: one node, or three in combined mode (each node is
// broker and controller), on free ports, each in its own JVM with a small heap. Formats each
// node's storage with the version's storage tool, waits until the cluster serves metadata with
// every node, and stops each JVM by its PID. kill()/restart() let the failover test take a node
// down hard and bring it back with its data.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { cacheDir, kafkaVersion, prepareArtifacts } from './artifacts.js';
import { startJvm, runJava } from './jvm.js';
import type { Jvm, JvmTuning } from './jvm.js';
import { serverProperties } from './properties.js';
import type { NodeAddress } from './properties.js';

const { Kafka, logLevel } = kafkajs;

export interface ApacheKafkaOptions {
  /** 1 (default) or 3 (combined mode, replication factor 3, min.insync.replicas 2). */
  readonly nodes?: number;
  readonly version?: string;
  /** Data directory (kept on stop); default a fresh folder under the cache, removed on stop. */
  readonly dataDir?: string;
  /** Max heap per JVM (default 320 MiB). */
  readonly heapMb?: number;
  /** JVM flags: 'small' (default, tests) or 'server' (Kafka's own G1/C2 settings, benchmarks); see jvm.ts. */
  readonly jvmTuning?: JvmTuning;
  /** Extra or overriding server.properties entries for every node. */
  readonly config?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface ApacheKafkaNode extends NodeAddress {
  readonly address: string;
  /** The running JVM's PID, undefined while the node is down. */
  readonly pid: number | undefined;
  readonly logFile: string;
}

export interface ApacheKafka {
  readonly version: string;
  /** Bootstrap servers (every node). */
  readonly brokers: string[];
  readonly nodes: readonly ApacheKafkaNode[];
  readonly dataDir: string;
  /** Signals one node's JVM (SIGKILL by default: no clean shutdown) and waits until it exited. */
  kill(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped node again on its ports and data, and waits until the cluster lists it. */
  restart(id: number): Promise<void>;
  /** Stops every JVM (SIGTERM, SIGKILL after 20 s) and removes a data directory it created. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (Kafka's Uuid format). Like
 * Kafka's Uuid.randomUuid, never one starting with '-': the storage tool would read
 * `-t -xyz…` as an option and refuse to format (1 start in 64 failed that way).
 */
export function clusterId(random: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = random().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const STORAGE_TOOL = 'kafka.tools.StorageTool';

export async function startApacheKafka(options: ApacheKafkaOptions = {}): Promise<ApacheKafka> {
  const version = options.version ?? kafkaVersion();
  const count = options.nodes ?? 1;
  const log = options.log ?? (() => {});
  const lib = await prepareArtifacts(version, log);
  const classpath = join(lib, '*');
  const ownDir = options.dataDir === undefined;
  let dataDir = options.dataDir;
  if (dataDir === undefined) {
    await mkdir(join(cacheDir(), 'clusters'), { recursive: true });
    dataDir = await mkdtemp(join(cacheDir(), 'clusters', `${version}-`));
  } else {
    // A given directory is kept between runs (npm start's KAFKA=apache data) and made on the first.
    await mkdir(dataDir, { recursive: true });
  }
  const root = dataDir;
  const id = clusterId();
  const nodeIds = Array.from({ length: count }, (_, i) => i + 1);
  const propsOf = (nodeId: number) => join(root, `node-${nodeId}.properties`);
  const writeProps = async (addresses: NodeAddress[]) => {
    for (const a of addresses) await writeFile(propsOf(a.id), serverProperties(a, addresses, join(root, `node-${a.id}`, 'logs'), options.config));
  };
  // Formatting takes minutes on a loaded machine, long enough for another process to take a port
  // picked before it. With a static voter set nothing port-related is stored, so the ports the
  // nodes run on are picked (and written) only once formatting is done.
  const pick = async (): Promise<NodeAddress[]> => {
    const out: NodeAddress[] = [];
    for (const nodeId of nodeIds) out.push({ id: nodeId, port: await freePort(), controllerPort: await freePort() });
    return out;
  };
  await writeProps(await pick());
  await Promise.all(nodeIds.map((nodeId) => runJava(classpath, STORAGE_TOOL, ['format', '-t', id, '-c', propsOf(nodeId), '--ignore-formatted'])));
  const addresses = await pick();
  await writeProps(addresses);
  const nodes = addresses.map((a) => ({ ...a, address: `127.0.0.1:${a.port}`, logFile: join(root, `node-${a.id}.log`), jvm: undefined as Jvm | undefined }));

  const brokers = nodes.map((n) => n.address);
  const heapMb = options.heapMb ?? 320;
  const launch = async (n: (typeof nodes)[number]): Promise<void> => {
    n.jvm = await startJvm({ classpath, mainClass: 'kafka.Kafka', args: [propsOf(n.id)], heapMb, tuning: options.jvmTuning ?? 'small', logFile: n.logFile });
    const jvm = n.jvm;
    void jvm.exited.then(() => { if (n.jvm === jvm) n.jvm = undefined; });
  };
  // Generous: on a loaded 2-core machine formatting and starting three JVMs takes minutes.
  const timeoutMs = options.startTimeoutMs ?? 420_000;
  const stopAll = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.jvm?.stop('SIGTERM', 20_000)));
  };

  try {
    log(`starting Apache Kafka ${version}: ${count} node(s) on ${brokers.join(',')}`);
    await Promise.all(nodes.map(launch));
    await waitForNodes(brokers, nodes.map((n) => n.id), timeoutMs, () => nodes.filter((n) => !n.jvm).map((n) => n.logFile));
  } catch (err) {
    await stopAll();
    if (ownDir) await rm(root, { recursive: true, force: true });
    throw err;
  }

  return {
    version,
    brokers,
    dataDir: root,
    get nodes() {
      return nodes.map((n) => ({ id: n.id, port: n.port, controllerPort: n.controllerPort, address: n.address, pid: n.jvm?.pid, logFile: n.logFile }));
    },
    async kill(nodeId, signal = 'SIGKILL') {
      const n = nodes.find((x) => x.id === nodeId);
      if (!n) throw new Error(`no node ${nodeId}`);
      await n.jvm?.stop(signal, 20_000);
      n.jvm = undefined;
    },
    async restart(nodeId) {
      const n = nodes.find((x) => x.id === nodeId);
      if (!n) throw new Error(`no node ${nodeId}`);
      if (n.jvm) throw new Error(`node ${nodeId} is running`);
      await launch(n);
      await waitForNodes(brokers, nodes.filter((x) => x.jvm).map((x) => x.id), timeoutMs, () => (n.jvm ? [] : [n.logFile]));
    },
    async stop() {
      await stopAll();
      if (ownDir) await rm(root, { recursive: true, force: true });
    },
  };
}

/** Polls the cluster's metadata until every node in `ids` is listed as a broker. */
async function waitForNodes(brokers: string[], ids: readonly number[], timeoutMs: number, deadLogs: () => string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'apache-kafka-runner', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } });
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const dead = deadLogs();
    if (dead.length > 0) {
      const tails = await Promise.all(dead.map(async (f) => `${f}:\n${(await readFile(f, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n')}`));
      throw new Error(`Apache Kafka node exited during start\n${tails.join('\n')}`);
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const listed = new Set(cluster.brokers.map((b) => b.nodeId));
      if (ids.every((i) => listed.has(i)) && cluster.controller !== null && cluster.controller !== -1) return;
      last = `brokers ${[...listed].join(',')} of ${ids.join(',')}`;
    } catch (err) {
      last = String(err);
    } finally {
      await admin.disconnect().catch(() => {});
    }
    if (Date.now() > deadline) throw new Error(`Apache Kafka did not serve metadata for nodes ${ids.join(',')} within ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
