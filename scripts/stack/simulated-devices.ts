// The simulated devices of the local stack (@tessera/device-simulator): SIMULATED_DEVICES seeded
// people, seeded into the users table like the demo users (so their events are joined with a
// profile), each with a WebSocket to delivery and an unlock cycle posting beacons and reactions to
// beacon and clicks-tracker. What the people know about a card comes from content.v1, followed
// from the beginning by a consumer that never commits (every start reads the whole catalogue).
// Once a minute, and when the stack stops, the launcher logs the CTR each A/B arm earned.
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import { createContentBook } from '@tessera/device-simulator/content-book';
import type { ContentBook } from '@tessera/device-simulator/content-book';
import { simulatedPeople } from '@tessera/device-simulator/people';
import type { Person } from '@tessera/device-simulator/people';
import { startSimulator } from '@tessera/device-simulator/simulator';
import type { Simulator } from '@tessera/device-simulator/simulator';
import { formatArmReport } from '@tessera/device-simulator/stats';
import type { Kafka } from 'kafkajs';
import type { StackSettings } from './config.js';
import type { DemoUser } from './demo-users.js';
import { beaconUrl, clicksUrl, deliveryUrl } from './addresses.js';

const REPORT_EVERY_MS = 60_000;

export function stackPeople(stack: StackSettings): Person[] {
  return simulatedPeople({ count: stack.SIMULATED_DEVICES, seed: stack.SIMULATION_SEED, meanUnlockMs: stack.DEVICE_INTERVAL });
}

/** A simulated person as a row of the users table (users-cdc publishes it on users.v1). */
export function asUserRow(person: Person): DemoUser {
  const { profile } = person;
  return {
    userId: person.userId, deviceId: person.deviceId, email: `${person.userId}@simulated.example.test`, ageBand: profile.ageBand ?? '25-34',
    country: profile.country ?? 'GB', ...(profile.region ? { region: profile.region } : {}), languages: profile.languages,
    interests: profile.interests, timeZone: profile.timeZone ?? 'Europe/London', locale: person.locale, platform: person.platform,
  };
}

export interface SimulatedDevices {
  readonly simulator: Simulator;
  stop(): Promise<string>;
}

export async function startSimulatedDevices(stack: StackSettings, kafka: Kafka, contentTopic: string, logger: { info(message: string): void; warn(fields: object, message: string): void }): Promise<SimulatedDevices> {
  const book = createContentBook(stack.SIMULATION_SEED);
  const follower = await followContent(kafka, contentTopic, 'tessera-stack-devices', book);
  const simulator = startSimulator({
    people: stackPeople(stack), seed: stack.SIMULATION_SEED, book,
    socketUrl: `${deliveryUrl(stack).replace('http', 'ws')}/v1/socket`, beaconUrl: beaconUrl(stack), clicksUrl: clicksUrl(stack),
    secret: stack.DEVICE_JWT_SECRET, logger,
  });
  const report = setInterval(() => {
    const arms = simulator.stats();
    if (arms.length > 0) logger.info(`simulated devices, CTR per A/B arm:\n${formatArmReport(arms)}`);
  }, REPORT_EVERY_MS);
  report.unref();
  return {
    simulator,
    async stop() {
      clearInterval(report);
      await simulator.stop();
      await follower.disconnect();
      return formatArmReport(simulator.stats()) || 'no card was shown yet';
    },
  };
}

async function followContent(kafka: Kafka, topic: string, groupId: string, book: ContentBook) {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const id = message.key?.toString('utf8');
      if (!id) return;
      book.put(id, message.value ? JSON.parse(message.value.toString('utf8')) as ContentItem : undefined);
    },
  });
  return consumer;
}
