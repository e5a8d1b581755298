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

// Kafka topic names allow [a-zA-Z0-9._-]; the prefix joins with '.', so 't-ab12.users.v1'.
const PREFIX = /^[a-zA-Z0-9._-]*$/;

export function topicNames(prefix = ''): TopicNames {
  if (!PREFIX.test(prefix)) throw new Error(`invalid topic prefix ${JSON.stringify(prefix)}: only [a-zA-Z0-9._-]`);
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
