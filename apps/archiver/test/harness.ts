// The archiver's own test harness (the generic Kafka helpers come from @tessera/streams/testing):
// the test broker (embedded, or the TESSERA_TEST_KAFKA cluster) with every catalogue topic under
// a fresh prefix, and the archiver's main.ts as a child process.
import { fileURLToPath } from 'node:url';
import { createLogger } from '@tessera/platform/logger';
import { spawnApp } from '@tessera/platform/testing/app-process';
import type { AppProcess } from '@tessera/platform/testing/app-process';
import { provision, scopeNames, startTestBroker, testKafka, uid } from '@tessera/streams/testing';
import type { TestBroker } from '@tessera/streams/testing';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';

const APP_DIR = fileURLToPath(new URL('../', import.meta.url));
export const quietLogger = createLogger({ name: 'archiver-test', level: 'error' });

export interface TestKafka {
  broker: TestBroker;
  kafka: Kafka;
  names: TopicNames;
  prefix: string;
  close(): Promise<void>;
}

/** The test broker with every catalogue topic under a fresh prefix. */
export async function startTestKafka(): Promise<TestKafka> {
  const broker = await startTestBroker();
  const kafka = testKafka(broker);
  const prefix = uid('t-');
  const names = scopeNames(prefix);
  await provision(kafka, names);
  return { broker, kafka, names, prefix, close: () => broker.close() };
}

export type ArchiverProcess = AppProcess;

/**
 * Runs src/main.ts through tsx, as `npm start` does, with JSON logs on stdout. A test file that
 * uses it calls `stopProcessesAfterEach()` so the process dies with the test, whatever happens.
 */
export function spawnArchiver(env: Record<string, string>): ArchiverProcess {
  return spawnApp({ cwd: APP_DIR, entry: 'src/main.ts', env: { LOG_LEVEL: 'debug', OPS_PORT: '0', KAFKA_SESSION_TIMEOUT: '3s', ...env } });
}
