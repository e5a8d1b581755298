// Creates users.v1 and dlq.v1 with the contracts' specs when they are missing (createTopics is
// a no-op for existing topics). Stands in until @tessera/streams' provisioning is stable.
import { topicSpec } from '@tessera/contracts/topic-config';
import type { Kafka } from 'kafkajs';

export type TopicEnvironment = 'local' | 'production';

export async function provisionTopics(kafka: Kafka, env: TopicEnvironment): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (['users.v1', 'dlq.v1'] as const).map((t) => topicSpec(t, env));
    await admin.createTopics({ waitForLeaders: true, topics });
  } finally {
    await admin.disconnect();
  }
}
