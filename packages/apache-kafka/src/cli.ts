// `tessera-apache-kafka`: prepare the jars of a Kafka version, or run a KRaft cluster in the
// foreground until Ctrl-C / SIGTERM (which stops every JVM by its PID).
//   tessera-apache-kafka prepare [--version 4.4.0]
//   tessera-apache-kafka start [--nodes 1|3] [--version 4.4.0] [--data DIR] [--heap-mb 320]
import { parseArgs } from 'node:util';
import { kafkaVersion, prepareArtifacts } from './artifacts.js';
import { startApacheKafka } from './cluster.js';

const USAGE = 'usage: tessera-apache-kafka prepare [--version V] | start [--nodes 1|3] [--version V] [--data DIR] [--heap-mb N]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    version: { type: 'string' },
    nodes: { type: 'string', default: '1' },
    data: { type: 'string' },
    'heap-mb': { type: 'string', default: '320' },
  },
});
const version = values.version ?? kafkaVersion();
const log = (line: string) => process.stderr.write(`${line}\n`);

switch (positionals[0]) {
  case 'prepare': {
    const lib = await prepareArtifacts(version, log);
    process.stdout.write(`Apache Kafka ${version} jars in ${lib}\n`);
    break;
  }
  case 'start': {
    const nodes = Number(values.nodes);
    const heapMb = Number(values['heap-mb']);
    if (![1, 3].includes(nodes)) throw new Error(`--nodes must be 1 or 3, got ${values.nodes}`);
    if (!Number.isInteger(heapMb) || heapMb < 128) throw new Error(`--heap-mb must be an integer of at least 128, got ${values['heap-mb']}`);
    const cluster = await startApacheKafka({ nodes, version, heapMb, log, ...(values.data ? { dataDir: values.data } : {}) });
    process.stdout.write(`bootstrap ${cluster.brokers.join(',')}\n`);
    for (const n of cluster.nodes) process.stdout.write(`node ${n.id} ${n.address} pid ${n.pid} log ${n.logFile}\n`);
    const stop = async () => {
      log('stopping');
      await cluster.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    break;
  }
  default:
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
}
