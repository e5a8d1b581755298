// Owns the shape of every app's log output: one JSON object per line on stdout (pino), level as a
// word, ISO timestamps, the app name on each line, and values under secret-looking keys replaced
// by "[redacted]" so a careless `logger.info({ config })` or a logged request cannot leak a key.
import { pino } from 'pino';
import type { DestinationStream, Logger, LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly name: string;
  readonly level?: LevelWithSilent;
  /** Extra paths to redact, in pino's path syntax (e.g. "job.payload.card"). */
  readonly redact?: readonly string[];
  /** Where lines go; stdout when omitted. Tests pass a stream to read the lines back. */
  readonly destination?: DestinationStream;
}

// Key names, not full paths: they are matched at the top level and up to two objects deep, which
// covers `{ config: { JWT_SECRET } }`, `{ req: { headers: { authorization } } }` and kafkajs' sasl.
const SECRET_KEYS = [
  'password',
  'passwd',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'api_key',
  'privateKey',
  'clientSecret',
  'authorization',
  'cookie',
  '"set-cookie"',
  '"x-api-key"',
  'JWT_SECRET',
  'JWT_PRIVATE_KEY',
  'KAFKA_SASL_PASSWORD',
  'REDIS_PASSWORD',
  'DATABASE_PASSWORD',
];

function secretPaths(): string[] {
  return SECRET_KEYS.flatMap((key) => {
    const bracketed = key.startsWith('"') ? `[${key}]` : `.${key}`;
    return [key.startsWith('"') ? `[${key}]` : key, `*${bracketed}`, `*.*${bracketed}`];
  });
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    name: options.name,
    level: options.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: [...secretPaths(), ...(options.redact ?? [])], censor: '[redacted]' },
  };
  // Synchronous stdout: the lines that matter most (a failed start, which resource hung at
  // shutdown) are written just before process.exit, and an async stream would lose them.
  return pino(settings, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
