// The Kafka record key of a value, derived from the topic's key kind, so no producer picks its
// own: per-user topics are keyed by userId (one user's events stay ordered on one partition),
// content.v1 by contentId, models.v1 by model name, dlq.v1 by the failed record's original key.
import type { TopicValue } from './codec.js';
import type { DeadLetter } from './schemas/dead-letter.js';
import { TOPICS } from './topics.js';
import type { TopicName } from './topics.js';

/** The key bytes for a value of `topic`; null only for a dead letter of an unkeyed record. */
export function recordKey<T extends TopicName>(topic: T, value: TopicValue<T>): Buffer | null {
  const v = value as Record<string, unknown>;
  switch (TOPICS[topic].key) {
    case 'userId':
      return Buffer.from(String(v.userId), 'utf8');
    case 'contentId':
      return Buffer.from(String(v.contentId), 'utf8');
    case 'modelName':
      return Buffer.from(String(v.name), 'utf8');
    case 'originalKey': {
      const key = (value as DeadLetter).key;
      return key === null ? null : Buffer.from(key, 'base64');
    }
  }
}
