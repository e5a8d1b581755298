// `npm run test:apache-kafka`: the Kafka-facing tests against Apache Kafka instead of the embedded
// broker. One single-node KRaft broker (packages/apache-kafka, jars from Maven Central, cached)
// serves streams' integration suites and one representative Kafka test of every app (every Kafka
// suite of the archiver and users-cdc), through TESSERA_TEST_KAFKA, and the embedded broker's
// differential conformance suite compares the two brokers' answers; then the three-broker
// failover test runs on a cluster of its own. Each suite runs in its own workspace with its own
// vitest config, one at a time (two cores). The broker is stopped by PID whatever happens; the
// exit status is non-zero if any suite failed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startApacheKafka } from '@tessera/apache-kafka/cluster';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** workspace → the test files that run against Apache Kafka (tests needing fault hooks skip themselves there). */
export const SUITES: readonly (readonly [string, readonly string[]])[] = [
  // The same client sequences on an in-process embedded broker and on this Apache Kafka, compared.
  ['packages/embedded-kafka', ['-c', 'vitest.conformance.config.ts']],
  ['packages/streams', ['test/producer.test.ts', 'test/provision.test.ts', 'test/consumer-runner.test.ts', 'test/table.test.ts']],
  ['apps/aggregator', ['test/process.test.ts']],
  ['apps/beacon', ['test/e2e-ingestion.test.ts']], // beacon, clicks-tracker, users-cdc and the users table end to end
  ['apps/clicks-tracker', ['test/crash.test.ts']],
  ['apps/recommender', ['test/crash.test.ts']],
  ['apps/delivery', ['test/two-nodes.test.ts']],
  // Every Kafka suite of the archiver and users-cdc (their tests needing fault hooks skip themselves).
  ['apps/archiver', ['test/process.test.ts', 'test/kafka-archive.test.ts', 'test/kafka-failures.test.ts', 'test/kafka-rebalance.test.ts']],
  ['apps/users-cdc', ['test/stream.test.ts', 'test/restart.test.ts', 'test/process.test.ts', 'test/partitioner.test.ts', 'test/publisher.test.ts']],
  ['apps/trainer', ['test/train-run.test.ts']],
];

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', ...args], { cwd: `${ROOT}/${cwd}`, env, stdio: 'inherit' });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
const failed: string[] = [];
const only = process.argv.slice(2);

const broker = await startApacheKafka({ nodes: 1, log: (l) => console.log(`[apache-kafka] ${l}`) });
console.log(`[apache-kafka] Apache Kafka ${broker.version} on ${broker.brokers.join(',')} after ${seconds()}`);
try {
  for (const [workspace, files] of SUITES) {
    if (only.length > 0 && !only.includes(workspace)) continue;
    console.log(`\n[apache-kafka] ${workspace}: ${files.join(' ')} (${seconds()})`);
    const code = await run(workspace, [...files], { ...process.env, TESSERA_TEST_KAFKA: broker.brokers.join(',') });
    if (code !== 0) failed.push(workspace);
  }
} finally {
  await broker.stop();
}
if (only.length === 0 || only.includes('failover')) {
  console.log(`\n[apache-kafka] failover on three brokers (${seconds()})`);
  if ((await run('packages/apache-kafka', ['-c', 'vitest.apache.config.ts'], process.env)) !== 0) failed.push('packages/apache-kafka (failover)');
}
console.log(`\n[apache-kafka] ${failed.length === 0 ? 'all passed' : `FAILED: ${failed.join(', ')}`} in ${seconds()}`);
process.exit(failed.length === 0 ? 0 : 1);
