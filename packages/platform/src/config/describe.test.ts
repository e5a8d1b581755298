import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { describeConfig, formatConfigDocs, redactConfig } from './describe.js';
import { env } from './env.js';
import { loadConfig } from './load.js';

const Schema = Type.Object({
  PORT: env.port({ default: 8080, description: 'HTTP listen port' }),
  KAFKA_BROKERS: env.list({ default: ['localhost:9092'], description: 'Kafka bootstrap servers' }),
  REDIS_URL: env.url({ default: 'redis://:devpass@localhost:6379' }),
  JWT_SECRET: env.secret({ default: 'local-dev-secret', description: 'HMAC key | for device tokens' }),
  GCS_BUCKET: Type.Optional(env.string()),
  DATABASE_URL: env.url(),
});

describe('describeConfig', () => {
  it('documents each variable with its default in environment form and hides secret defaults', () => {
    const docs = describeConfig(Schema);
    expect(docs.map((d) => [d.name, d.default, d.required])).toEqual([
      ['PORT', '8080', false],
      ['KAFKA_BROKERS', 'localhost:9092', false],
      ['REDIS_URL', 'redis://:***@localhost:6379', false],
      ['JWT_SECRET', '[redacted]', false],
      ['GCS_BUCKET', undefined, false],
      ['DATABASE_URL', undefined, true],
    ]);
    expect(docs[0]?.description).toBe('HTTP listen port');
  });

  it('formats a Markdown table with escaped cells', () => {
    const table = formatConfigDocs(Schema).split('\n');
    expect(table[0]).toBe('| Variable | Default | Description |');
    expect(table).toContain('| `PORT` | `8080` | HTTP listen port Expects a TCP port (integer between 0 and 65535). |');
    expect(table).toContain('| `DATABASE_URL` | (required) | Expects an absolute URL. |');
    expect(table.find((row) => row.startsWith('| `JWT_SECRET`'))).toContain('HMAC key \\| for device tokens');
    expect(table.join('\n')).not.toContain('local-dev-secret');
  });
});

describe('redactConfig', () => {
  it('replaces secrets and URL passwords, keeps everything else', () => {
    const config = loadConfig(Schema, { DATABASE_URL: 'postgres://app:pgpass@db:5432/tessera' });
    const shown = redactConfig(Schema, config);
    expect(shown).toEqual({
      PORT: 8080,
      KAFKA_BROKERS: ['localhost:9092'],
      REDIS_URL: 'redis://:***@localhost:6379',
      JWT_SECRET: '[redacted]',
      DATABASE_URL: 'postgres://app:***@db:5432/tessera',
    });
  });
});
