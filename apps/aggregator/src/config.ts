// The aggregator's settings, one environment variable each, parsed once in main. Declarations
// only. Defaults are the local ones (the demo sources file and the default rules in this app).
// Publisher API keys are not listed here: the sources file names, per publisher, the variable
// holding its key (`apiKeyEnv`), and the loader reads them from the environment, never logged.
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { Config as ConfigOf } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import { kafkaConfigFields } from '@tessera/streams/kafka-config';

const appFile = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const ConfigSchema = Type.Object({
  HOST: env.string({ default: '127.0.0.1', description: 'Interface the push API binds' }),
  PORT: env.port({ default: 8090, description: 'Port of the push API, /metrics, /healthz and /readyz (0 picks a free port)' }),
  ...kafkaConfigFields,
  TOPIC_PREFIX: env.string({ default: '', description: 'Prefix of every topic name (side-by-side environments); empty in production' }),
  SOURCES_FILE: env.string({ default: appFile('demo/sources.json'), description: 'Sources file: feeds to poll and publishers of the push API (reloaded on SIGHUP)' }),
  RULES_FILE: env.string({ default: appFile('config/rules.json'), description: 'Rules file: taxonomy, kind keywords, breaking markers, expiry' }),
  FEED_BASE_URL: Type.Optional(env.url({ protocols: ['http', 'https'], description: 'Overrides the sources file baseUrl (the local demo feed server)' })),
  SWEEP_INTERVAL: env.duration({ min: 1000, default: 60_000, description: 'How often expired items are tombstoned' }),
  PROVISION_TOPICS: env.boolean({ default: true, description: 'Create content.v1 when missing (from the contracts catalogue) at start' }),
  LOG_LEVEL: env.logLevel(),
});
export type Config = ConfigOf<typeof ConfigSchema>;
