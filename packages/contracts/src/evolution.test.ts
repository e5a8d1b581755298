// compareSchemas on small synthetic schemas built with TypeBox, the way real ones are.
import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { compareSchemas } from './evolution.js';
import { StringEnum } from './schemas/primitives.js';

const json = (schema: TSchema): unknown => JSON.parse(JSON.stringify(schema));
const compare = (before: TSchema, after: TSchema) => compareSchemas(json(before), json(after));

const Card = Type.Object({ contentId: Type.String({ maxLength: 64 }), score: Type.Number() });
const base = {
  eventId: Type.String({ maxLength: 36 }),
  type: StringEnum(['click', 'like'] as const),
  position: Type.Integer({ minimum: 0, maximum: 99 }),
  note: Type.Optional(Type.String({ maxLength: 100 })),
  cards: Type.Array(Card, { maxItems: 50 }),
};
const V1 = Type.Object(base, { title: 'Event' });

describe('compareSchemas', () => {
  it('passes an identical schema', () => {
    expect(compare(V1, V1)).toEqual([]);
  });

  it('passes an additive optional field, also inside array items', () => {
    const after = Type.Object({
      ...base,
      surface: Type.Optional(Type.String({ maxLength: 16 })),
      cards: Type.Array(Type.Object({ ...Card.properties, reason: Type.Optional(Type.String()) }), { maxItems: 50 }),
    });
    expect(compare(V1, after)).toEqual([]);
  });

  it('passes a changed description or title', () => {
    const after = Type.Object({ ...base, position: Type.Integer({ minimum: 0, maximum: 99, description: 'slot' }) }, { title: 'Renamed' });
    expect(compare(V1, after)).toEqual([]);
  });

  it('fails a removed field', () => {
    const { note: _note, ...rest } = base;
    expect(compare(V1, Type.Object(rest))).toEqual([
      expect.objectContaining({ path: '/note', code: 'property_removed' }),
    ]);
  });

  it('fails a changed type', () => {
    const after = Type.Object({ ...base, position: Type.String() });
    expect(compare(V1, after)).toContainEqual(expect.objectContaining({ path: '/position', code: 'type_changed' }));
  });

  it('fails a new required field', () => {
    const after = Type.Object({ ...base, feedId: Type.String() });
    expect(compare(V1, after)).toEqual([
      expect.objectContaining({ path: '/feedId', code: 'required_added' }),
    ]);
  });

  it('fails an optional field becoming required, and a required one becoming optional', () => {
    const required = Type.Object({ ...base, note: Type.String({ maxLength: 100 }) });
    expect(compare(V1, required)).toEqual([expect.objectContaining({ path: '/note', code: 'required_added' })]);
    const optional = Type.Object({ ...base, eventId: Type.Optional(Type.String({ maxLength: 36 })) });
    expect(compare(V1, optional)).toEqual([expect.objectContaining({ path: '/eventId', code: 'required_removed' })]);
  });

  it('fails a removed or an added enum value', () => {
    const removed = Type.Object({ ...base, type: StringEnum(['click'] as const) });
    expect(compare(V1, removed)).toEqual([
      expect.objectContaining({ path: '/type', code: 'enum_value_removed', detail: 'value "like" removed' }),
    ]);
    const narrowed = Type.Object({ ...base, type: StringEnum(['click', 'share'] as const) });
    expect(compare(V1, narrowed).map((c) => c.code).sort()).toEqual(['enum_value_added', 'enum_value_removed']);
    const added = Type.Object({ ...base, type: StringEnum(['click', 'like', 'share'] as const) });
    expect(compare(V1, added)).toEqual([expect.objectContaining({ path: '/type', code: 'enum_value_added' })]);
  });

  it('fails a tightened or loosened constraint, also inside array items', () => {
    const tighter = Type.Object({ ...base, eventId: Type.String({ maxLength: 26 }) });
    expect(compare(V1, tighter)).toEqual([
      expect.objectContaining({ path: '/eventId', code: 'constraint_changed', detail: 'maxLength: 36 -> 26' }),
    ]);
    const looser = Type.Object({ ...base, cards: Type.Array(Type.Object({ ...Card.properties, contentId: Type.String({ maxLength: 128 }) }), { maxItems: 50 }) });
    expect(compare(V1, looser)).toEqual([
      expect.objectContaining({ path: '/cards/[]/contentId', code: 'constraint_changed' }),
    ]);
    const newPattern = Type.Object({ ...base, eventId: Type.String({ maxLength: 36, pattern: '^[a-z]+$' }) });
    expect(compare(V1, newPattern)).toEqual([
      expect.objectContaining({ path: '/eventId', code: 'constraint_changed', detail: 'pattern: absent -> "^[a-z]+$"' }),
    ]);
  });

  it('fails a field that became nullable', () => {
    const after = Type.Object({ ...base, eventId: Type.Union([Type.String({ maxLength: 36 }), Type.Null()]) });
    expect(compare(V1, after)).toContainEqual(expect.objectContaining({ path: '/eventId', code: 'type_changed' }));
  });

  it('refuses a non-object schema', () => {
    expect(compareSchemas(json(V1), 'nope')).toEqual([expect.objectContaining({ code: 'type_changed' })]);
  });
});
