// The one Kafka connection config every app declares: the variables (spread into the app's config
// schema, so each app's README lists them the same way) and the KafkaSettings createKafka takes.
// Confluent Cloud = KAFKA_SSL=true + KAFKA_SASL_MECHANISM=plain + an API key and secret;
// TESSERA_ENV picks the catalogue's topic sizing when an app provisions its topics.
import { Type } from '@sinclair/typebox';
import { CONFIG_EXIT_CODE, ConfigError } from '@tessera/platform/config';
import type { ConfigProblem } from '@tessera/platform/config';
import { env } from '@tessera/platform/config/env';
import type { Environment } from '@tessera/contracts/topics';
import type { KafkaSettings } from './kafka.js';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** Spread into an app's Type.Object({...}) config schema. */
export const kafkaConfigFields = {
  KAFKA_BROKERS: env.list({ minItems: 1, default: ['127.0.0.1:9092'], description: 'Kafka bootstrap servers (Confluent Cloud: the cluster\'s bootstrap endpoint, host:9092)' }),
  KAFKA_CLIENT_ID: Type.Optional(env.string({ description: 'kafkajs client id (default: the app\'s name)' })),
  KAFKA_SSL: env.boolean({ default: false, description: 'TLS to the brokers, verified against the system CAs (Confluent Cloud: true)' }),
  KAFKA_SASL_MECHANISM: Type.Optional(env.oneOf(SASL_MECHANISMS, { description: 'SASL mechanism (Confluent Cloud: plain); needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD' })),
  KAFKA_SASL_USERNAME: Type.Optional(env.string({ description: 'SASL user (Confluent Cloud: the API key)' })),
  KAFKA_SASL_PASSWORD: Type.Optional(env.secret({ minLength: 1, description: 'SASL password (Confluent Cloud: the API secret)' })),
  TESSERA_ENV: env.oneOf(['local', 'production'], { default: 'local', description: 'Topic sizing when the app creates its topics: local = 3 partitions, as many replicas as the cluster has brokers up to 3; production = 96 partitions, RF 3, min.insync.replicas 2' }),
};

export interface KafkaConnectionConfig {
  readonly KAFKA_BROKERS: readonly string[];
  readonly KAFKA_CLIENT_ID?: string | undefined;
  readonly KAFKA_SSL: boolean;
  readonly KAFKA_SASL_MECHANISM?: (typeof SASL_MECHANISMS)[number] | undefined;
  readonly KAFKA_SASL_USERNAME?: string | undefined;
  readonly KAFKA_SASL_PASSWORD?: string | undefined;
  readonly TESSERA_ENV: Environment;
}

/**
 * createKafka's settings from the config. A SASL mechanism without its user and password (or
 * credentials without a mechanism) is a ConfigError naming the missing variable, not a failed
 * handshake at the first request.
 */
export function kafkaSettings(config: KafkaConnectionConfig, defaultClientId: string): KafkaSettings {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  const problems: ConfigProblem[] = [];
  const need = (variable: string, present: boolean, expected: string) => {
    if (!present) problems.push({ variable, reason: 'missing', expected, received: '(unset)' });
  };
  if (mechanism) {
    need('KAFKA_SASL_USERNAME', Boolean(username), `the SASL user for KAFKA_SASL_MECHANISM=${mechanism}`);
    need('KAFKA_SASL_PASSWORD', Boolean(password), `the SASL password for KAFKA_SASL_MECHANISM=${mechanism}`);
  } else if (username || password) {
    need('KAFKA_SASL_MECHANISM', false, `one of ${SASL_MECHANISMS.join(', ')} (KAFKA_SASL_USERNAME/PASSWORD are set)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID ?? defaultClientId,
    ssl: config.KAFKA_SSL,
    ...(mechanism && username && password ? { sasl: { mechanism, username, password } } : {}),
  };
}

/** For main.ts: kafkaSettings, but a ConfigError is printed (message only) and the process exits 78 like a bad variable. */
export function kafkaSettingsOrExit(config: KafkaConnectionConfig, defaultClientId: string): KafkaSettings {
  try {
    return kafkaSettings(config, defaultClientId);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}
