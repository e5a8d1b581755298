// Builds the kafkajs client every app uses from plain settings: the broker list, a client id and,
// for Confluent Cloud, SASL over TLS. kafkajs' own log lines go to the app's pino logger (as JSON,
// with the kafkajs namespace) instead of its console logger.
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, SASLOptions } from 'kafkajs';
import type { Logger } from '@tessera/platform/logger';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** TLS to the brokers (Confluent Cloud: true). */
  readonly ssl?: boolean;
  /** SASL credentials (Confluent Cloud: plain with an API key and secret). */
  readonly sasl?: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  };
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** kafkajs' internal retry of requests (not the consumer runner's record retries). */
  readonly retry?: { readonly initialRetryTime?: number; readonly retries?: number };
}

type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

function pinoLevel(level: logLevel): PinoLevel {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

/**
 * The level of a kafkajs log entry in our logs. kafkajs logs at error level what it then recovers
 * from: every error response, before the layer that sent the request retries it (a metadata request
 * for a topic whose leader is not elected yet, a produce to a leader that just moved, a group
 * coordinator still loading), and a consumer's crash before it decides to restart it. Those are
 * warnings here. A call whose retries run out rejects and the app logs it; the consumer runner logs
 * each crash once, as an error when the consumer is not restarted.
 */
export function kafkaEntryLevel(entry: Pick<LogEntry, 'namespace' | 'level'> & { log: { message: string } }): PinoLevel {
  if (entry.level === logLevel.ERROR) {
    const { message } = entry.log;
    if (entry.namespace === 'Connection' && message.startsWith('Response ')) return 'warn';
    if (entry.namespace === 'Consumer' && (message.startsWith('Crash: ') || message.startsWith('Restarting the consumer'))) return 'warn';
  }
  return pinoLevel(entry.level);
}

/** A kafkajs logCreator writing through `logger` (its level decides what is printed). */
export function kafkaLogCreator(logger: Logger): KafkaConfig['logCreator'] {
  const child = logger.child({ component: 'kafkajs' });
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _name, ...extra } = entry.log as Record<string, unknown> & { message: string };
    child[kafkaEntryLevel(entry)]({ namespace: entry.namespace, ...extra }, message);
  };
}

export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    // kafkajs filters by its own level before calling the creator; let pino decide instead.
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(logger),
  };
  if (settings.ssl) config.ssl = true;
  if (settings.sasl) config.sasl = { ...settings.sasl } as SASLOptions;
  if (settings.connectionTimeoutMs !== undefined) config.connectionTimeout = settings.connectionTimeoutMs;
  if (settings.requestTimeoutMs !== undefined) config.requestTimeout = settings.requestTimeoutMs;
  if (settings.retry) config.retry = { ...settings.retry };
  return new Kafka(config);
}
