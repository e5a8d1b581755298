// Kafka value codec: JSON in UTF-8 bytes, validated in both directions. Producers cannot publish
// a value the contract refuses; consumers get a typed value or an error they can dead-letter.
import { contractError } from './errors.js';
import type { Result } from './errors.js';
import type { EventOf } from './events.js';
import { TOPICS } from './topics.js';
import type { TopicName, TopicValueName } from './topics.js';
import { validators } from './validation.js';
import type { Validator } from './validation.js';

export type TopicValue<T extends TopicName> = EventOf<TopicValueName<T>>;

function validatorFor<T extends TopicName>(topic: T): Validator<TopicValue<T>> {
  return validators[TOPICS[topic].value] as unknown as Validator<TopicValue<T>>;
}

export function encodeValue<T extends TopicName>(topic: T, value: TopicValue<T>): Result<Buffer> {
  const parsed = validatorFor(topic).parse(value);
  if (!parsed.ok) return parsed;
  return { ok: true, value: Buffer.from(JSON.stringify(parsed.value), 'utf8') };
}

/**
 * Decodes a record value. `null` comes back as `{ ok: true, value: null }` only on topics where
 * a tombstone means something (takedown, deletion); elsewhere it is an error.
 */
export function decodeValue<T extends TopicName>(topic: T, bytes: Buffer | null): Result<TopicValue<T> | null> {
  if (bytes === null) {
    if (TOPICS[topic].tombstones) return { ok: true, value: null };
    return { ok: false, error: contractError('unexpected_tombstone', `${topic} does not allow null values`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    return { ok: false, error: contractError('invalid_json', `${topic} value is not JSON`, { cause }) };
  }
  return validatorFor(topic).parse(json);
}

/** Record keys are the UTF-8 bytes of the id named by the topic's key kind. */
export function encodeKey(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}
