// Validation issues: TypeBox's errors translated into a small, stable vocabulary that HTTP apps
// return in 4xx bodies and consumers put into dead letters. Codes never change meaning.
import { ValueErrorType } from '@sinclair/typebox/errors';
import type { ValueError } from '@sinclair/typebox/errors';

export type IssueCode =
  | 'required'
  | 'type'
  | 'enum'
  | 'format'
  | 'min_length'
  | 'max_length'
  | 'min_items'
  | 'max_items'
  | 'unique_items'
  | 'minimum'
  | 'maximum'
  | 'max_depth'
  | 'unpaired_surrogate'
  | 'control_character'
  | 'invalid';

export interface ValidationIssue {
  /** JSON Pointer to the offending value ("" = the whole value, "/cards/0/score"), at most MAX_PATH_LENGTH characters. */
  path: string;
  code: IssueCode;
  message: string;
}

// Paths name property names a client chose; a 60 KB key must not come back 20 times in a 4xx.
export const MAX_PATH_LENGTH = 200;

/** A path cut to MAX_PATH_LENGTH characters (marked with an ellipsis), never inside a surrogate pair. */
export function boundedPath(path: string): string {
  if (path.length <= MAX_PATH_LENGTH) return path;
  let end = MAX_PATH_LENGTH - 1;
  if (/[\uD800-\uDBFF]/.test(path[end - 1] ?? '')) end -= 1;
  return `${path.slice(0, end)}…`;
}

/** RFC 6901 JSON Pointer of the segments ("~" and "/" escaped), bounded like every issue path. */
export function jsonPointer(segments: readonly string[]): string {
  return boundedPath(segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join(''));
}

const CODES: Partial<Record<ValueErrorType, IssueCode>> = {
  [ValueErrorType.ObjectRequiredProperty]: 'required',
  // A one-value StringEnum compiles to a literal.
  [ValueErrorType.Literal]: 'enum',
  [ValueErrorType.StringPattern]: 'format',
  [ValueErrorType.StringFormat]: 'format',
  [ValueErrorType.StringMinLength]: 'min_length',
  [ValueErrorType.StringMaxLength]: 'max_length',
  [ValueErrorType.ArrayMinItems]: 'min_items',
  [ValueErrorType.ArrayMaxItems]: 'max_items',
  [ValueErrorType.ArrayUniqueItems]: 'unique_items',
  [ValueErrorType.IntegerMinimum]: 'minimum',
  [ValueErrorType.NumberMinimum]: 'minimum',
  [ValueErrorType.IntegerExclusiveMinimum]: 'minimum',
  [ValueErrorType.NumberExclusiveMinimum]: 'minimum',
  [ValueErrorType.IntegerMaximum]: 'maximum',
  [ValueErrorType.NumberMaximum]: 'maximum',
  [ValueErrorType.IntegerExclusiveMaximum]: 'maximum',
  [ValueErrorType.NumberExclusiveMaximum]: 'maximum',
  [ValueErrorType.String]: 'type',
  [ValueErrorType.Number]: 'type',
  [ValueErrorType.Integer]: 'type',
  [ValueErrorType.Boolean]: 'type',
  [ValueErrorType.Object]: 'type',
  [ValueErrorType.Array]: 'type',
  [ValueErrorType.Null]: 'type',
};

/** A union whose members are all string consts is one of our enums (see StringEnum). */
function enumValues(schema: unknown): string[] | undefined {
  const anyOf = (schema as { anyOf?: unknown }).anyOf;
  if (!Array.isArray(anyOf) || anyOf.length === 0) return undefined;
  const values: string[] = [];
  for (const member of anyOf) {
    const c = (member as { const?: unknown }).const;
    if (typeof c !== 'string') return undefined;
    values.push(c);
  }
  return values;
}

/**
 * For `X | null` given a non-null value, the useful error is X's ("too long"), not the union's
 * ("Expected union value"). TypeBox keeps one error iterator per union member, in anyOf order.
 */
function nullableInner(error: ValueError): ValueError | undefined {
  if (error.value === null) return undefined;
  const anyOf = (error.schema as { anyOf?: { type?: unknown }[] }).anyOf ?? [];
  const nonNull = anyOf.map((m, i) => ({ m, i })).filter(({ m }) => m.type !== 'null');
  if (anyOf.length !== 2 || nonNull.length !== 1) return undefined;
  return error.errors[nonNull[0]!.i]?.First();
}

// Enum lists are long for some fields; a 4xx body should stay short.
const MAX_LISTED_VALUES = 12;

export function toIssue(error: ValueError): ValidationIssue {
  const issue = translate(error);
  return { ...issue, path: boundedPath(issue.path) };
}

function translate(error: ValueError): ValidationIssue {
  if (error.type === ValueErrorType.Union) {
    const values = enumValues(error.schema);
    if (values) {
      const listed = values.slice(0, MAX_LISTED_VALUES).join(', ');
      const more = values.length > MAX_LISTED_VALUES ? ', ...' : '';
      return { path: error.path, code: 'enum', message: `must be one of: ${listed}${more}` };
    }
    const inner = nullableInner(error);
    if (inner) return translate(inner);
    return { path: error.path, code: 'type', message: error.message };
  }
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    return { path: error.path, code: 'required', message: 'is required' };
  }
  return { path: error.path, code: CODES[error.type] ?? 'invalid', message: error.message };
}

/**
 * Converts TypeBox errors into at most `limit` issues, one per path: a missing property also
 * yields a type error at the same path, which would only repeat the first one.
 */
export function collectIssues(errors: Iterable<ValueError>, limit: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    issues.push(toIssue(error));
    if (issues.length >= limit) break;
  }
  return issues;
}
