// Schema evolution check: which differences between a published JSON Schema and its successor
// would break someone. The rule (see README): in place, a topic's value schema may only gain
// optional properties and change annotations (title, description). Everything else is breaking:
//  - removing a property, or making a required property optional: readers rely on it;
//  - a new required property, or an optional one becoming required: history fails the new schema
//    (replays, compacted topics, the archive);
//  - changing a type; adding or removing an enum value;
//  - changing any constraint (maxLength, pattern, minimum, maxItems, ...) in either direction:
//    tightening rejects history, loosening lets producers write values that consumers still
//    running the old schema reject (and dead-letter).
// Breaking changes go to a new topic version (interactions.v2).

export type ChangeCode =
  | 'property_removed'
  | 'required_added'
  | 'required_removed'
  | 'type_changed'
  | 'enum_value_added'
  | 'enum_value_removed'
  | 'constraint_changed';

export interface BreakingChange {
  /** Location in the value: "/cards/[]/score" ("[]" = any array element). */
  path: string;
  code: ChangeCode;
  detail: string;
}

type Json = Record<string, unknown>;

// Annotations do not affect which values are valid.
const ANNOTATIONS = new Set([
  'title', 'description', '$comment', 'examples', 'default', '$id', '$schema', 'deprecated', 'readOnly', 'writeOnly',
]);

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function stableJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(stableJson).join(',')}]`;
  if (isObject(x)) {
    const keys = Object.keys(x).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(x[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

/**
 * Values of an enum: an anyOf made only of consts (how TypeBox publishes a string enum), a bare
 * const (a one-value enum) or `enum`; undefined for anything else.
 */
function enumOf(schema: Json): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if ('const' in schema) return [schema.const];
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length === 0) return undefined;
  if (!anyOf.every((m) => isObject(m) && 'const' in m)) return undefined;
  return anyOf.map((m) => (m as Json).const);
}

const stringList = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);

function compareEnums(path: string, before: unknown[], after: unknown[], out: BreakingChange[]): void {
  const was = new Set(before.map(stableJson));
  const now = new Set(after.map(stableJson));
  for (const v of was) if (!now.has(v)) out.push({ path, code: 'enum_value_removed', detail: `value ${v} removed` });
  for (const v of now) if (!was.has(v)) out.push({ path, code: 'enum_value_added', detail: `value ${v} added` });
}

function compareObjects(path: string, before: Json, after: Json, out: BreakingChange[]): void {
  const oldProps = isObject(before.properties) ? before.properties : {};
  const newProps = isObject(after.properties) ? after.properties : {};
  const oldRequired = new Set(stringList(before.required));
  const newRequired = new Set(stringList(after.required));
  for (const [name, schema] of Object.entries(oldProps)) {
    const next = newProps[name];
    if (next === undefined) {
      out.push({ path: `${path}/${name}`, code: 'property_removed', detail: `property "${name}" removed` });
    } else if (isObject(schema) && isObject(next)) {
      compareNode(`${path}/${name}`, schema, next, out);
    }
  }
  for (const name of newRequired) {
    if (oldRequired.has(name)) continue;
    const detail = name in oldProps ? `"${name}" became required` : `new required property "${name}"`;
    out.push({ path: `${path}/${name}`, code: 'required_added', detail });
  }
  for (const name of oldRequired) {
    if (!newRequired.has(name) && name in newProps) {
      out.push({ path: `${path}/${name}`, code: 'required_removed', detail: `"${name}" became optional` });
    }
  }
}

function compareNode(path: string, before: Json, after: Json, out: BreakingChange[]): void {
  const oldEnum = enumOf(before);
  const newEnum = enumOf(after);
  if (oldEnum && newEnum) {
    compareEnums(path, oldEnum, newEnum, out);
  } else if (oldEnum || newEnum) {
    out.push({ path, code: 'type_changed', detail: 'changed between an enum and another type' });
    return;
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties' || key === 'required') continue; // compared together below
    // Between two enums the values say everything; a one-value enum also carries its own `type`.
    if (oldEnum && newEnum && ['anyOf', 'enum', 'const', 'type'].includes(key)) continue;
    const a = before[key];
    const b = after[key];
    if (key === 'items' && isObject(a) && isObject(b)) {
      compareNode(`${path}/[]`, a, b, out);
    } else if (key === 'anyOf' && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((member, i) => {
        const next = b[i];
        if (isObject(member) && isObject(next)) compareNode(path, member, next, out);
      });
    } else if (stableJson(a) !== stableJson(b)) {
      const code: ChangeCode = key === 'type' || key === 'anyOf' ? 'type_changed' : 'constraint_changed';
      out.push({ path, code, detail: `${key}: ${stableJson(a) ?? 'absent'} -> ${stableJson(b) ?? 'absent'}` });
    }
  }
  if (isObject(before.properties) || isObject(after.properties)) compareObjects(path, before, after, out);
}

/** Every breaking difference from `before` (published) to `after` (proposed); empty = compatible. */
export function compareSchemas(before: unknown, after: unknown): BreakingChange[] {
  if (!isObject(before) || !isObject(after)) {
    return [{ path: '', code: 'type_changed', detail: 'schema is not an object' }];
  }
  const out: BreakingChange[] = [];
  compareNode('', before, after, out);
  return out;
}
