// Creates the catalogue topics a role reads and writes when they are missing, with the catalogue's
// specs, and logs any drift. Production usually provisions ahead (PROVISION_TOPICS=false); the
// local stack and a newcomer's `npm start -w` get working topics without another step. Owns the
// admin connection for the run; the diffing itself is provisionTopics.
import type { Environment, TopicName } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import type { Kafka } from 'kafkajs';
import { provisionTopics } from './provision.js';
import type { TopicNames } from './topic-names.js';

export async function provisionAtStart(kafka: Kafka, names: TopicNames, env: Environment, topics: readonly TopicName[], logger: Logger): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const report = await provisionTopics(admin, { env, names, topics });
    if (report.created.length > 0) logger.info({ created: report.created }, 'topics created');
    if (report.drift.length > 0) logger.warn({ drift: report.drift }, 'topics differ from the catalogue');
  } finally {
    await admin.disconnect();
  }
}
