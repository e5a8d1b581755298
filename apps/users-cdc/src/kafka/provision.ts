// Makes sure users.v1 and dlq.v1 exist with the catalogue's specs, through @tessera/streams'
// provisioning (creates what is missing, reports configuration drift without changing it).
import { provisionTopics as provision } from '@tessera/streams/provision';
import type { Drift } from '@tessera/streams/provision';
import type { TopicNames } from '@tessera/streams/topic-names';
import type { Kafka } from 'kafkajs';

export type TopicEnvironment = 'local' | 'production';

export async function provisionTopics(kafka: Kafka, env: TopicEnvironment, names: TopicNames): Promise<readonly Drift[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const report = await provision(admin, { env, names, topics: ['users.v1', 'dlq.v1'] });
    return report.drift;
  } finally {
    await admin.disconnect();
  }
}
