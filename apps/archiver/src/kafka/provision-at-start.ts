// Creates the catalogue topics the archiver reads (all of them, dlq.v1 included) when missing,
// with the catalogue's specs, and logs any drift. Production usually provisions ahead
// (PROVISION_TOPICS=false); the local stack and `npm start -w apps/archiver` get working topics.
import type { Environment, TopicName } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import { provisionTopics } from '@tessera/streams/provision';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';

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
