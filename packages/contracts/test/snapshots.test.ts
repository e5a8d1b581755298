// The published JSON Schemas in schemas/ against the code: every topic has an up-to-date
// snapshot, the code is backward compatible with it, and the snapshots are standalone JSON
// Schema that a non-TypeBox validator (ajv) applies the same way.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compareSchemas } from '../src/evolution.js';
import {
  exampleBeacon, exampleContentItem, exampleDeadLetter, exampleEnrichedBeacon, exampleEnrichedInteraction,
  exampleFeed, exampleInteraction, exampleModelRelease, exampleUserProfile,
} from '../src/examples.js';
import { publishedSchema, snapshotFileName, snapshotText } from '../src/published.js';
import { validators } from '../src/validation.js';
import { TOPIC_NAMES } from '../src/topics.js';
import type { TopicName } from '../src/topics.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const readSnapshot = (topic: TopicName): unknown => JSON.parse(readFileSync(join(dir, snapshotFileName(topic)), 'utf8'));

const EXAMPLES: Record<TopicName, () => object> = {
  'content.v1': exampleContentItem,
  'users.v1': exampleUserProfile,
  'beacons.v1': exampleBeacon,
  'beacons.enriched.v1': exampleEnrichedBeacon,
  'interactions.v1': exampleInteraction,
  'interactions.enriched.v1': exampleEnrichedInteraction,
  'recommendations.v2': exampleFeed,
  'models.v1': exampleModelRelease,
  'dlq.v1': exampleDeadLetter,
};

describe('schema snapshots', () => {
  it('exist for exactly the catalogue topics', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(TOPIC_NAMES.map(snapshotFileName).sort());
  });

  it.each(TOPIC_NAMES)('%s: the code is backward compatible with the snapshot', (topic) => {
    expect(compareSchemas(readSnapshot(topic), publishedSchema(topic))).toEqual([]);
  });

  it.each(TOPIC_NAMES)('%s: the snapshot is up to date (npm run snapshot)', (topic) => {
    expect(readFileSync(join(dir, snapshotFileName(topic)), 'utf8')).toBe(snapshotText(topic));
  });
});

describe('evolution of a real published schema (interactions.v1)', () => {
  type Schema = { required: string[]; properties: Record<string, unknown> };
  const published = () => structuredClone(readSnapshot('interactions.v1')) as Schema;

  it('passes an additive optional field', () => {
    const next = published();
    next.properties.appSessionId = { type: 'string', maxLength: 64 };
    expect(compareSchemas(readSnapshot('interactions.v1'), next)).toEqual([]);
  });

  it('fails a removed field and a new required field', () => {
    const next = published();
    delete next.properties.feedId;
    next.required = next.required.filter((r) => r !== 'feedId');
    next.properties.appSessionId = { type: 'string', maxLength: 64 };
    next.required.push('appSessionId');
    expect(compareSchemas(readSnapshot('interactions.v1'), next).map((c) => `${c.code} ${c.path}`)).toEqual([
      'property_removed /feedId',
      'required_added /appSessionId',
    ]);
  });
});

describe('snapshots as standalone JSON Schema (ajv)', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });

  it('count string limits like the validators when told to count UTF-16 units (unicode: false)', () => {
    const units = new Ajv({ strict: true, strictRequired: false, unicode: false }).compile(readSnapshot('content.v1') as object);
    const codePoints = new Ajv({ strict: true, strictRequired: false }).compile(readSnapshot('content.v1') as object);
    const emoji = { ...exampleContentItem(), title: '😀'.repeat(151) };
    expect(units(emoji)).toBe(false);
    expect(validators.ContentItem.check(emoji)).toBe(false);
    // JSON Schema's default counts code points: 151 emoji are 151 characters there.
    expect(codePoints(emoji)).toBe(true);
  });

  it.each(TOPIC_NAMES)('%s: accepts the example, refuses a missing and an oversized field', (topic) => {
    const validate = ajv.compile(readSnapshot(topic) as object);
    const example = EXAMPLES[topic]() as Record<string, unknown>;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const { eventId: _eventId, ...missing } = example;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...example, eventId: 'x'.repeat(37) })).toBe(false);
  });
});
