// The enricher role's process, as beacon's and clicks-tracker's enricher-main.ts both ran it: the
// role's clients (role-clients.ts: logger, shutdown, metrics registry and health, Redis, the Kafka
// client with the role's topics provisioned, the idempotent producer), then the consumer the
// caller starts, /metrics and probes on OPS_PORT, until SIGTERM. What differs per app (its name,
// topics, start function and settings) comes in as arguments; the Kafka client settings too
// (main builds them from its config). The HTTP role's process is serve.ts.
import type { TopicName } from '@tessera/contracts/topics';
import { startOpsServer } from '@tessera/platform/ops-server';
import type { KafkaSettings } from '@tessera/streams/kafka';
import type { TObject, TProperties } from '@sinclair/typebox';
import { startRoleClients } from './role-clients.js';
import type { RoleClients, RoleConfig } from './role-clients.js';

/** The settings the process reads (the app's schema has them). */
export interface EnricherProcessConfig extends RoleConfig {
  readonly OPS_PORT: number;
}

/** The clients the process hands to the app's start function. */
export type EnricherClients = Pick<RoleClients, 'kafka' | 'redis' | 'names' | 'producer' | 'logger' | 'registry'>;

export interface EnricherProcess<C extends EnricherProcessConfig> {
  readonly name: string;
  /** Provisioned at start when PROVISION_TOPICS: what the role reads and writes, dlq.v1 included. */
  readonly topics: readonly TopicName[];
  readonly schema: TObject<TProperties>;
  readonly config: C;
  readonly kafka: KafkaSettings;
  readonly start: (clients: EnricherClients) => Promise<{ stop(): Promise<void> }>;
}

export async function serveEnricherProcess<C extends EnricherProcessConfig>(p: EnricherProcess<C>): Promise<void> {
  const clients = await startRoleClients({ name: p.name, schema: p.schema, config: p.config, kafka: p.kafka, topics: p.topics, shutdownDeadlineMs: 30_000 });
  const { shutdown, registry, health } = clients;
  const consumer = await p.start(clients);
  shutdown.register('consumers', () => consumer.stop(), 'draining');

  const ops = await startOpsServer({ port: p.config.OPS_PORT, registry, health });
  shutdown.register('ops server', () => ops.close(), 'accepting');
  shutdown.installSignalHandlers();
}
