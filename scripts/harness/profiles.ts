// Makes simulated people known to the stack the way users-cdc would: their profiles on users.v1
// (key = userId), which the users-table role materializes into Redis. Beacon's active-user
// registry records only users the table knows, and the recommender computes feeds only for active
// users, so a simulated phone gets feeds once its profile is in. Resolves when the broker
// acknowledged every record (acks=-1).
import type { Person } from '@tessera/device-simulator/people';
import { Kafka, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';

export async function publishProfiles(brokers: readonly string[], people: readonly Person[]): Promise<void> {
  const kafka = new Kafka({ brokers: [...brokers], clientId: 'harness-profiles', logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    const now = Date.now();
    for (let i = 0; i < people.length; i += 1_000) {
      await producer.send({
        topic: 'users.v1', acks: -1,
        messages: people.slice(i, i + 1_000).map((person) => ({
          key: person.userId,
          value: JSON.stringify({ eventId: uuidv7(), occurredAt: now, receivedAt: now, userId: person.userId, ...person.profile }),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
