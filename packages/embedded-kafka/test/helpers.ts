// Shared test wiring for the integration suites: an in-memory broker with fast group timeouts, a
// kafkajs client pointed at it, unique names per test, and a poll-until helper (tests never assert
// timings; they wait for behaviour with a bound and fail with what they last saw).
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { startBroker, type Broker, type BrokerOptions } from '../src/broker.js';

export const quietLogger = { info: () => {}, warn: () => {} };

export function startTestBroker(options: BrokerOptions = {}): Promise<Broker> {
  return startBroker({ minSessionTimeoutMs: 500, maintenanceIntervalMs: 0, logger: quietLogger, ...options });
}

export function uid(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function kafka(broker: Broker, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: uid('test'),
    brokers: broker.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 8 },
    ...extra,
  });
}

/** Polls `probe` until it returns a non-undefined value; throws with the last seen state after `ms`. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
