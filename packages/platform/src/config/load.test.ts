import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { env } from './env.js';
import { ConfigError, loadConfig } from './load.js';

const Schema = Type.Object({
  PORT: env.port({ default: 8080 }),
  KAFKA_BROKERS: env.list({ minItems: 1, default: ['localhost:9092'] }),
  REDIS_URL: env.url({ protocols: ['redis', 'rediss'] }),
  JWT_SECRET: env.secret({ minLength: 16 }),
  LOG_LEVEL: env.logLevel(),
  BATCH_SIZE: env.int({ min: 1, max: 1000, default: 100 }),
  FLUSH_INTERVAL: env.duration({ default: 5000 }),
  DRY_RUN: env.boolean({ default: false }),
  REGION: Type.Optional(env.string()),
});

const good = { REDIS_URL: 'redis://localhost:6379', JWT_SECRET: 'x'.repeat(16) };

function problemsOf(source: Record<string, string>): ConfigError {
  try {
    loadConfig(Schema, source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies defaults and coerces every kind from strings', () => {
    const config = loadConfig(Schema, {
      ...good,
      KAFKA_BROKERS: ' a:9092, b:9092 ,,',
      BATCH_SIZE: '250',
      FLUSH_INTERVAL: '2m',
      DRY_RUN: 'yes',
      LOG_LEVEL: 'debug',
    });
    expect(config).toEqual({
      PORT: 8080,
      KAFKA_BROKERS: ['a:9092', 'b:9092'],
      REDIS_URL: 'redis://localhost:6379',
      JWT_SECRET: 'x'.repeat(16),
      LOG_LEVEL: 'debug',
      BATCH_SIZE: 250,
      FLUSH_INTERVAL: 120_000,
      DRY_RUN: true,
    });
    expect('REGION' in config).toBe(false);
  });

  it('fails with the variable name, the expectation and the received value', () => {
    const error = problemsOf({ ...good, PORT: 'eighty' });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('PORT: expected a TCP port (integer between 0 and 65535), received "eighty"');
    expect(error.problems).toEqual([
      { variable: 'PORT', reason: 'invalid', expected: expect.any(String), received: '"eighty"' },
    ]);
  });

  it('collects every problem at once, including missing required variables', () => {
    const error = problemsOf({ PORT: '70000', BATCH_SIZE: '0', LOG_LEVEL: 'loud', DRY_RUN: 'maybe' });
    expect(error.problems.map((p) => [p.variable, p.reason])).toEqual([
      ['PORT', 'invalid'],
      ['REDIS_URL', 'missing'],
      ['JWT_SECRET', 'missing'],
      ['LOG_LEVEL', 'invalid'],
      ['BATCH_SIZE', 'invalid'],
      ['DRY_RUN', 'invalid'],
    ]);
    expect(error.message).toContain('REDIS_URL: is required but not set');
    expect(error.message).toContain('BATCH_SIZE: expected an integer between 1 and 1000, received "0"');
    expect(error.message).toContain('LOG_LEVEL: expected one of fatal, error, warn, info');
  });

  it('rejects a URL with the wrong scheme and a list below its minimum', () => {
    const error = problemsOf({ ...good, REDIS_URL: 'http://localhost', KAFKA_BROKERS: ' , ' });
    expect(error.problems.map((p) => p.variable)).toEqual(['KAFKA_BROKERS', 'REDIS_URL']);
    expect(error.message).toContain('a URL with scheme redis: or rediss:');
  });

  it('never echoes a secret or a URL password in the error', () => {
    const error = problemsOf({ REDIS_URL: 'redis//:hunter2hunter2@host', JWT_SECRET: 'short-secret' });
    expect(error.message).toContain('JWT_SECRET: expected a secret of at least 16 characters, received [redacted]');
    expect(error.message).not.toContain('short-secret');
    expect(error.message).not.toContain('hunter2');
  });

  it('treats an empty value as unset', () => {
    expect(problemsOf({ ...good, REDIS_URL: '' }).problems[0]?.reason).toBe('missing');
    expect(loadConfig(Schema, { ...good, PORT: '' }).PORT).toBe(8080);
  });

  it('returns a deeply frozen object that does not share defaults between loads', () => {
    const config = loadConfig(Schema, good);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
    expect(() => ((config as { PORT: number }).PORT = 1)).toThrow(TypeError);
    expect(loadConfig(Schema, good).KAFKA_BROKERS).not.toBe(config.KAFKA_BROKERS);
  });

  it('parses duration units and rejects nonsense', () => {
    const D = Type.Object({ T: env.duration({ max: 60_000 }) });
    expect(loadConfig(D, { T: '250' }).T).toBe(250);
    expect(loadConfig(D, { T: '1.5s' }).T).toBe(1500);
    expect(() => loadConfig(D, { T: '2h' })).toThrow(/T: expected a duration .* at most 60000ms, received "2h"/);
    expect(() => loadConfig(D, { T: 'soon' })).toThrow(ConfigError);
  });

  it('refuses a default that breaks its own bounds', () => {
    const Bad = Type.Object({ WORKERS: env.int({ min: 1, default: 0 }) });
    expect(() => loadConfig(Bad, {})).toThrow('config default of WORKERS is not an integer of at least 1');
  });

  it('refuses a schema property not declared with an env helper', () => {
    expect(() => loadConfig(Type.Object({ X: Type.String() }), { X: 'a' })).toThrow(/X was not declared/);
  });
});
