import { KafkaJSConnectionError, KafkaJSNonRetriableError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { classify, StreamFailure } from './errors.js';

describe('classify', () => {
  it('keeps the code and flag of errors that carry them', () => {
    expect(classify(new StreamFailure('redis_unavailable', 'down', true))).toMatchObject({ code: 'redis_unavailable', retriable: true, message: 'down' });
    expect(classify({ code: 'schema_violation', retriable: false, message: 'bad' })).toMatchObject({ code: 'schema_violation', retriable: false });
  });

  it('reads the retriable flag of kafkajs errors', () => {
    expect(classify(new KafkaJSConnectionError('gone'))).toMatchObject({ code: 'kafka_unavailable', retriable: true });
    expect(classify(new KafkaJSNonRetriableError('no'))).toMatchObject({ code: 'kafka_failed', retriable: false });
  });

  it('treats lost Redis connections as retriable and Redis replies as not', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(classify(refused)).toMatchObject({ code: 'redis_unavailable', retriable: true });
    expect(classify(new Error('Connection is closed.'))).toMatchObject({ code: 'redis_unavailable', retriable: true });
    const reply = Object.assign(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), { name: 'ReplyError' });
    expect(classify(reply)).toMatchObject({ code: 'redis_failed', retriable: false });
  });

  it('treats a plain exception or a thrown non-error as a poison record', () => {
    expect(classify(new TypeError('x is undefined'))).toMatchObject({ code: 'unclassified', retriable: false, message: 'x is undefined' });
    expect(classify('boom')).toMatchObject({ code: 'unclassified', retriable: false, message: 'boom' });
  });
});
