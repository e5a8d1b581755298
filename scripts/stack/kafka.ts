// The stack's Kafka: the embedded broker in this process (default), or with KAFKA=apache one
// Apache Kafka node (packages/apache-kafka: KRaft, its JVM stopped by PID on shutdown and killed
// with this process if it dies) with its data under TESSERA_DATA_DIR/apache-kafka. Either way the
// apps get a bootstrap list and the banner says which broker it is.
import { join } from 'node:path';
import { startApacheKafka } from '@tessera/apache-kafka/cluster';
import { CONSUMER_GROUPS, TOPICS } from '@tessera/contracts/topics';
import { startBroker } from '@tessera/embedded-kafka';
import type { BrokerLog } from './broker-log.js';
import { line } from './roster.js';

export interface StackKafka {
  readonly brokers: string[];
  /** Banner lines about the broker (bootstrap, admin view). */
  readonly lines: string[];
  readonly roster: { name: string; status: 'running'; note: string };
  close(): Promise<void>;
}

export interface StackKafkaOptions {
  readonly kind: 'embedded' | 'apache';
  readonly port: number;
  readonly adminPort: number;
  readonly dataDir: string;
  readonly log: BrokerLog;
}

export async function startStackKafka(options: StackKafkaOptions): Promise<StackKafka> {
  if (options.kind === 'apache') {
    const cluster = await startApacheKafka({ nodes: 1, dataDir: join(options.dataDir, 'apache-kafka'), log: (l) => options.log.info(l) });
    const node = cluster.nodes[0]!;
    return {
      brokers: cluster.brokers,
      lines: [
        line('Kafka bootstrap', `${cluster.brokers.join(',')}   Apache Kafka ${cluster.version} (KAFKA=apache; kcat -L -b ${cluster.brokers[0]})`),
        line('Apache Kafka log', node.logFile),
      ],
      roster: { name: 'apache-kafka', status: 'running', note: `Apache Kafka ${cluster.version}, KRaft, 1 node (pid ${node.pid}) + every topic of packages/contracts` },
      close: () => cluster.stop(),
    };
  }
  const broker = await startBroker({
    port: options.port,
    adminPort: options.adminPort,
    // The catalogue names each group's app and sink on the lineage page (/lineage on the admin port).
    lineage: { topics: TOPICS, groups: CONSUMER_GROUPS },
    dataDir: join(options.dataDir, 'kafka'),
    logger: options.log,
  });
  return {
    brokers: broker.brokers,
    lines: [
      line('Kafka bootstrap', `${broker.brokers.join(',')}   (KAFKA_BROKERS for the apps; kcat -L -b ${broker.brokers[0]})`),
      line('broker admin view', `http://127.0.0.1:${broker.admin?.port ?? options.adminPort}/lineage   (producers -> topics -> groups -> sinks; JSON at /, /metrics)`),
    ],
    roster: { name: 'embedded-kafka', status: 'running', note: 'broker + every topic of packages/contracts' },
    close: () => broker.close(),
  };
}
