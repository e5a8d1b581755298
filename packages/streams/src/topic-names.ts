// Maps the catalogue's logical topic names (contracts' TopicName) to the names on the broker and
// back. Production uses the names as they are; tests and side-by-side environments give every
// component the same prefixed resolver, so no code concatenates topic strings itself.
import { isTopicName } from '@tessera/contracts/topics';
import type { TopicName } from '@tessera/contracts/topics';

export interface TopicNames {
  /** The name on the broker. */
  physical(topic: TopicName): string;
  /** The catalogue name of a broker topic, or undefined when it is not one of ours. */
  logical(physical: string): TopicName | undefined;
  readonly prefix: string;
}

// Kafka allows [a-zA-Z0-9._-], but a dead letter's source topic must match dlq.v1's
// ^[a-z0-9][a-z0-9._-]*$, so prefixes are lowercase. It joins with '.': 't-ab12.users.v1'.
const PREFIX = /^(?:[a-z0-9][a-z0-9._-]*)?$/;

export function topicNames(prefix = ''): TopicNames {
  if (!PREFIX.test(prefix)) throw new Error(`invalid topic prefix ${JSON.stringify(prefix)}: only lowercase [a-z0-9._-], not starting with . _ or -`);
  const head = prefix === '' ? '' : `${prefix}.`;
  return {
    prefix,
    physical: (topic) => `${head}${topic}`,
    logical(physical) {
      if (!physical.startsWith(head)) return undefined;
      const name = physical.slice(head.length);
      return isTopicName(name) ? name : undefined;
    },
  };
}
