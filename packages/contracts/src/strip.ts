// Removes what a schema does not declare, by building a new value that holds only the declared
// properties (own properties only) of the input. Written here rather than with TypeBox's
// Value.Clean because Clean decides "declared" with the `in` operator, so a property named
// `constructor`, `toString` or `__defineGetter__` counted as declared and reached the topics,
// and its callers deep-cloned the input first, which overflowed the stack on deeply nested
// invented properties. This walk follows the schema, not the value: its depth is the schema's,
// and nothing undeclared is ever visited.
import { Kind } from '@sinclair/typebox';
import type { TArray, TObject, TSchema, TUnion } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `value` with only the properties `schema` declares, in the schema's order. Values that
 * do not have the schema's shape are returned as they are (validate before or after).
 */
export function stripUndeclared(schema: TSchema, value: unknown): unknown {
  switch (schema[Kind]) {
    case 'Object': {
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries((schema as TObject).properties)) {
        const child = Object.hasOwn(value, key) ? value[key] : undefined;
        if (child !== undefined) out[key] = stripUndeclared(property, child);
      }
      return out;
    }
    case 'Array': {
      const items = (schema as TArray).items;
      return Array.isArray(value) ? value.map((item: unknown) => stripUndeclared(items, item)) : value;
    }
    case 'Union': {
      const member = (schema as TUnion).anyOf.find((m) => Value.Check(m, value));
      return member ? stripUndeclared(member, value) : value;
    }
    default:
      return value;
  }
}
