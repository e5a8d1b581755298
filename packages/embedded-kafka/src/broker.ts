// Owns the composition of one embedded broker: opens the store (disk or memory), loads the cluster
// state, builds the group coordinator over committed offsets kept in the journal, wires metrics, the fault hook,
// the TCP server and (optionally) the admin HTTP endpoint, and tears them down in reverse order.
// This is the package's public entry point: `startBroker(options)`.
import { Cluster } from './cluster.js';
import { JournalCommittedOffsets } from './committed-offsets.js';
import { Faults } from './faults.js';
import { HANDLERS } from './handlers/table.js';
import { BrokerMetrics } from './metrics.js';
import { listen, type KafkaServer } from './server.js';
import { startAdminHttp, type AdminHttp, type AdminSources } from './admin-http.js';
import { groupsView, topicsView, type GroupSummary } from './admin-view.js';
import { FlowTracker, lineageView, trackCommits, type LineageAnnotations, type LineageView } from './lineage.js';
import { GroupCoordinator } from './groups/coordinator.js';
import { systemClock } from './groups/clock.js';
import { openStore } from './storage/store.js';
import type { FlushPolicy } from './storage/types.js';
import type { ConnectionDeps, Logger } from './connection.js';

export interface BrokerOptions {
  /** 0 (default) = any free port; the chosen one is in `port` and `brokers`. */
  port?: number;
  /** Interface to bind and advertise when clients dial it; default 127.0.0.1 (not localhost: ::1). */
  host?: string;
  /** Directory for logs and metadata; omitted = in-memory (tests). */
  dataDir?: string;
  /**
   * When written data is fsynced. 'always': before each answer (Produce, OffsetCommit, topic
   * changes). { intervalMs } (default 200): by a timer, after the answer — a broker process that
   * crashes loses nothing (the OS has the writes), a power loss can lose the last interval.
   * Always on close.
   */
  flush?: FlushPolicy;
  /** Metadata requests create unknown topics (default false, like Confluent Cloud). */
  autoCreateTopics?: boolean;
  /** Refuse RF > 1 with INVALID_REPLICATION_FACTOR instead of storing one copy (default false). */
  strictReplication?: boolean;
  /** Partitions for auto-created topics and CreateTopics with -1 (default 1). */
  defaultPartitions?: number;
  /** group.min.session.timeout.ms (default 6000); tests lower it to see dead members quickly. */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /** group.initial.rebalance.delay.ms (default 0: tests and local runs want fast joins). */
  initialRebalanceDelayMs?: number;
  /** Background retention/compaction period (default 30 s; 0 = only the explicit hooks). */
  maintenanceIntervalMs?: number;
  /** Serve the JSON admin view, the lineage page and /metrics on this port (0 = any free port); omitted = off. */
  adminPort?: number;
  /** Names, apps and sinks of the consumer groups and the groups each topic expects, for the lineage page. */
  lineage?: LineageAnnotations;
  logger?: Logger;
}

export interface Broker {
  readonly host: string;
  readonly port: number;
  /** Bootstrap list for clients, e.g. ['127.0.0.1:53211']. */
  readonly brokers: string[];
  /** Fault injection: delay, fail or drop responses per API key. */
  readonly faults: Faults;
  readonly metrics: BrokerMetrics;
  readonly cluster: Cluster;
  /** Set when `adminPort` was given. */
  readonly admin: AdminHttp | undefined;
  /** Compacts compacted topics now (all, or one). */
  compactNow(topic?: string): void;
  /** Applies retention.ms / retention.bytes now. */
  applyRetention(): void;
  /** JSON views (the same as the admin HTTP endpoint). */
  topicsView(): ReturnType<typeof topicsView>;
  groupsView(): ReturnType<typeof groupsView>;
  lineageView(): LineageView;
  /** Stops listening, drops connections, flushes and closes storage. */
  close(): Promise<void>;
}

const consoleLogger: Logger = { info: (m) => console.log(m), warn: (m) => console.error(m) };

export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? consoleLogger;
  const store = await openStore({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    flush: options.flush ?? { intervalMs: 200 },
  });
  // The tracker outlives the metrics object that exposes it: commits reach it through `offsets`.
  const flows = new FlowTracker();
  const offsets = trackCommits(new JournalCommittedOffsets(store.journal), flows);
  const cluster = await Cluster.open({
    store,
    meta: store.journal,
    autoCreateTopics: options.autoCreateTopics ?? false,
    strictReplication: options.strictReplication ?? false,
    defaultPartitions: options.defaultPartitions ?? 1,
    maintenanceIntervalMs: options.maintenanceIntervalMs ?? 30_000,
    onTopicDeleted: (name) => offsets.deleteTopic(name),
  });
  // Created before the coordinator so group transitions can be counted; sources are read lazily.
  let metrics: BrokerMetrics | undefined;
  const groups = new GroupCoordinator({
    clock: systemClock,
    onChange: (c) => {
      metrics?.groupTransition(c.groupId, c.to);
      logger.info(`[embedded-kafka] group ${c.groupId}: ${c.from} -> ${c.to} (generation ${c.generationId}, ${c.members} members)`);
    },
    minSessionTimeoutMs: options.minSessionTimeoutMs ?? 6000,
    maxSessionTimeoutMs: options.maxSessionTimeoutMs ?? 1_800_000,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 0,
    offsets,
  });
  const summaries = (): GroupSummary[] => groups.states().map((g) => ({ groupId: g.groupId, state: g.state, members: [...g.members] }));
  const views = {
    topicsView: () => topicsView(cluster, offsets),
    groupsView: () => groupsView(cluster, summaries(), offsets),
    lineageView: () => lineageView(cluster, offsets, summaries(), flows, options.lineage),
  };
  metrics = new BrokerMetrics(flows, {
    groups: () => summaries().map((g) => ({ group: g.groupId, state: g.state, members: g.members.length })),
    lag: () => views.groupsView().flatMap((g) => g.offsets.map((o) => ({ group: g.groupId, topic: o.topic, partition: o.partition, committed: o.committed, highWatermark: o.highWatermark }))),
  });
  const faults = new Faults();
  const listening = await bind(host, options, { handlers: HANDLERS, faults, metrics, logger, context: { cluster, groups, metrics } },
    { topics: views.topicsView, groups: views.groupsView, lineage: views.lineageView, metrics }).catch(async (err: unknown) => {
    // Nothing may stay open when the port is taken: in-process callers retry or report.
    groups.close();
    await cluster.close();
    await store.close();
    throw err;
  });
  const { server, admin } = listening;
  // A wildcard bind is not dialable; Metadata advertises the address each client actually used.
  const dialable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  let closing: Promise<void> | undefined;
  return {
    host,
    port: server.port,
    brokers: [`${dialable}:${server.port}`],
    faults,
    metrics,
    cluster,
    admin,
    compactNow: (topic) => cluster.compactNow(topic),
    applyRetention: () => cluster.applyRetention(),
    ...views,
    close() {
      closing ??= (async () => {
        await admin?.close();
        await server.close();
        groups.close();
        await cluster.close();
        await store.close();
      })();
      return closing;
    },
  };
}

async function bind(host: string, options: BrokerOptions, deps: ConnectionDeps, sources: AdminSources): Promise<{ server: KafkaServer; admin: AdminHttp | undefined }> {
  const server = await listen({ host, port: options.port ?? 0 }, deps);
  try {
    const admin = options.adminPort === undefined ? undefined : await startAdminHttp({ host, port: options.adminPort }, sources);
    return { server, admin };
  } catch (err) {
    await server.close();
    throw err;
  }
}
