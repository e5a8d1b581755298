import { publishedSchema } from '@tessera/contracts/published';
import { describe, expect, it } from 'vitest';
import { duckdbType, fieldsOf } from './fields.js';

describe('fields from the contracts JSON Schemas', () => {
  it('maps scalars, enums, optional records and repeated records of a feed', () => {
    const fields = fieldsOf(publishedSchema('recommendations.v2') as never);
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect(byName.get('occurredAt')).toMatchObject({ type: 'INTEGER', mode: 'NULLABLE' });
    expect(byName.get('trigger')).toMatchObject({ type: 'STRING', mode: 'NULLABLE' });
    const cards = byName.get('cards')!;
    expect(cards).toMatchObject({ type: 'RECORD', mode: 'REPEATED' });
    const card = new Map(cards.fields!.map((f) => [f.name, f]));
    expect(card.get('score')).toMatchObject({ type: 'FLOAT' });
    expect(card.get('reasons')).toMatchObject({ type: 'STRING', mode: 'REPEATED' });
    expect(card.get('content')?.fields?.map((f) => f.name)).toContain('publishedAt');
    expect(duckdbType(cards)).toMatch(/^STRUCT\("contentId" VARCHAR, "position" BIGINT, "score" DOUBLE, "reasons" VARCHAR\[\],/);
    expect(duckdbType(cards).endsWith(')[]')).toBe(true);
  });

  it('turns X | null into X and keeps nested dead-letter records', () => {
    const fields = fieldsOf(publishedSchema('dlq.v1') as never);
    expect(fields.find((f) => f.name === 'key')).toMatchObject({ type: 'STRING', mode: 'NULLABLE' });
    expect(fields.find((f) => f.name === 'source')?.fields?.map((f) => f.name)).toEqual(['topic', 'partition', 'offset', 'timestamp', 'consumerGroup']);
    expect(fields.find((f) => f.name === 'headers')).toMatchObject({ type: 'RECORD', mode: 'REPEATED' });
  });

  it('refuses shapes BigQuery cannot hold instead of guessing', () => {
    expect(() => fieldsOf({ properties: { x: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } })).toThrow(/unions/);
    expect(() => fieldsOf({ properties: { x: { type: 'array', items: { type: 'array', items: { type: 'string' } } } } })).toThrow(/arrays of arrays/);
  });
});
