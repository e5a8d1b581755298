// The JSON Schema of each topic's value as published: what the snapshots in schemas/ hold and
// what non-TypeScript readers (BigQuery loaders, kcat users, analysts) can validate against.
import { EVENTS } from './events.js';
import { TOPICS } from './topics.js';
import type { TopicName } from './topics.js';

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** Plain JSON (TypeBox's symbol-keyed metadata dropped), with $schema and $id first. */
export function publishedSchema(topic: TopicName): Record<string, unknown> {
  const schema = EVENTS[TOPICS[topic].value].schema;
  const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  return { $schema: JSON_SCHEMA_DIALECT, $id: `urn:tessera:schema:${topic}`, ...plain };
}

/** File name of a topic's snapshot inside packages/contracts/schemas/. */
export function snapshotFileName(topic: TopicName): string {
  return `${topic}.json`;
}

/** The snapshot file's exact text, so regenerating an unchanged schema is a no-op diff. */
export function snapshotText(topic: TopicName): string {
  return `${JSON.stringify(publishedSchema(topic), null, 2)}\n`;
}
