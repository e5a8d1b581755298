// server.properties for one node of a KRaft cluster in combined mode (every node is broker and
// controller), on loopback. A static voter set (controller.quorum.voters) works the same on 3.9
// and every 4.x, and lets `kafka-storage format` run with neither --standalone nor
// --initial-controllers. Defaults are sized for tests on a small machine: internal topics with 3
// partitions instead of 50, no initial rebalance delay, short session timeouts allowed, and a
// log cleaner that compacts within seconds.
export interface NodeAddress {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
}

export function serverProperties(self: NodeAddress, all: readonly NodeAddress[], dataDir: string, overrides: Readonly<Record<string, string>> = {}): string {
  const rf = String(Math.min(3, all.length));
  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(self.id),
    'controller.quorum.voters': all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(','),
    listeners: `PLAINTEXT://127.0.0.1:${self.port},CONTROLLER://127.0.0.1:${self.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${self.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    // Like Confluent Cloud and the embedded broker: a topic exists only once someone created it.
    'auto.create.topics.enable': 'false',
    'num.partitions': '1',
    'default.replication.factor': rf,
    'min.insync.replicas': all.length >= 3 ? '2' : '1',
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': all.length >= 3 ? '2' : '1',
    'transaction.state.log.num.partitions': '3',
    'group.initial.rebalance.delay.ms': '0',
    'group.min.session.timeout.ms': '500',
    'log.cleaner.backoff.ms': '500',
    'log.cleaner.dedupe.buffer.size': String(8 * 1024 * 1024),
    'num.io.threads': '2',
    'num.network.threads': '2',
    'num.recovery.threads.per.data.dir': '1',
    'background.threads': '2',
    // Leaders move back to their preferred replica after a restart within seconds, not 5 minutes.
    'leader.imbalance.check.interval.seconds': '5',
    ...overrides,
  };
  return `${Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}
