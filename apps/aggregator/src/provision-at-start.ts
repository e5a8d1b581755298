// Creates content.v1 when it is missing, with the catalogue's spec, and logs any drift.
// Production usually provisions ahead (PROVISION_TOPICS=false); the local stack and a newcomer's
// `npm start -w apps/aggregator` get a working topic without another step.
import type { Environment } from '@tessera/contracts/topics';
import type { Logger } from '@tessera/platform/logger';
import { provisionTopics } from '@tessera/streams/provision';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';

export async function provisionAtStart(kafka: Kafka, names: TopicNames, env: Environment, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const report = await provisionTopics(admin, { env, names, topics: ['content.v1'] });
    if (report.created.length > 0) logger.info({ created: report.created }, 'topics created');
    if (report.drift.length > 0) logger.warn({ drift: report.drift }, 'topics differ from the catalogue');
  } finally {
    await admin.disconnect();
  }
}
