// Errors of this package as data: a stable code, a `retriable` flag that the consumer runner's
// retry logic reads, and the cause. `classify` turns anything a handler throws (our errors, a
// kafkajs error, an ioredis connection failure, a plain bug) into that shape, so the runner
// never guesses from a message string in more than one place.

export type StreamErrorCode =
  | 'invalid_value'        // a value the contract refuses: never sent
  | 'invalid_topic'        // a topic that cannot carry this operation (tombstone on a delete topic)
  | 'producer_closed'
  | 'producer_backlog'     // too many bytes wait for acknowledgement: retry later
  | 'kafka_unavailable'    // kafkajs reported a retriable failure
  | 'kafka_failed'         // kafkajs reported a non-retriable failure
  | 'redis_unavailable'    // connection refused/reset/closed, retries exhausted inside ioredis
  | 'redis_failed'         // Redis answered with an error (script error, WRONGTYPE)
  | 'stopped'              // the runner is shutting down; the batch is left uncommitted
  | 'unclassified';        // a thrown value with no retriable flag: treated as a poison record

export interface StreamError {
  readonly code: string;
  readonly retriable: boolean;
  readonly message: string;
  readonly cause?: unknown;
}

/** A throwable StreamError: handlers and `send` reject with it so callers can read the flag. */
export class StreamFailure extends Error implements StreamError {
  readonly code: string;
  readonly retriable: boolean;
  constructor(code: StreamErrorCode | (string & {}), message: string, retriable: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StreamFailure';
    this.code = code;
    this.retriable = retriable;
  }
}

// ioredis surfaces lost connections as Node socket errors or as its own messages; all of them
// mean "Redis is not there right now", never "this record is bad".
const REDIS_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const REDIS_CONNECTION_MESSAGES = [/Connection is closed/i, /Reached the max retries per request limit/i, /Stream isn't writeable/i];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function classify(thrown: unknown): StreamError {
  if (isObject(thrown) && typeof thrown.retriable === 'boolean') {
    const name = typeof thrown.name === 'string' ? thrown.name : '';
    const message = typeof thrown.message === 'string' ? thrown.message : String(thrown);
    if (typeof thrown.code === 'string') return { code: thrown.code, retriable: thrown.retriable, message, cause: thrown };
    // kafkajs errors carry `retriable` but no code; their class name says what happened.
    if (name.startsWith('KafkaJS')) {
      return { code: thrown.retriable ? 'kafka_unavailable' : 'kafka_failed', retriable: thrown.retriable, message, cause: thrown };
    }
    return { code: 'unclassified', retriable: thrown.retriable, message, cause: thrown };
  }
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    if ((typeof code === 'string' && REDIS_CONNECTION_CODES.has(code))
      || thrown.name === 'MaxRetriesPerRequestError'
      || REDIS_CONNECTION_MESSAGES.some((re) => re.test(thrown.message))) {
      return { code: 'redis_unavailable', retriable: true, message: thrown.message, cause: thrown };
    }
    if (thrown.name === 'ReplyError') return { code: 'redis_failed', retriable: false, message: thrown.message, cause: thrown };
    return { code: 'unclassified', retriable: false, message: thrown.message, cause: thrown };
  }
  return { code: 'unclassified', retriable: false, message: String(thrown), cause: thrown };
}
