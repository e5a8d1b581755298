// JSON Schema (as contracts publish it) -> BigQuery field list, and BigQuery fields -> DuckDB
// types. One derivation, so a field added to a contract reaches both warehouses the same way.
// Every field is NULLABLE (or REPEATED): values may be tombstones, and additive optional contract
// fields must load into old rows; required-ness is enforced by contracts at the producers.

export type BigQueryType = 'STRING' | 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'RECORD' | 'DATE';

export interface BigQueryField {
  name: string;
  type: BigQueryType;
  mode: 'NULLABLE' | 'REPEATED';
  description?: string;
  fields?: BigQueryField[];
}

interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
}

const MAX_DESCRIPTION = 1024;

export function fieldsOf(schema: JsonSchema): BigQueryField[] {
  return Object.entries(schema.properties ?? {}).map(([name, s]) => fieldOf(name, s));
}

function fieldOf(name: string, schema: JsonSchema): BigQueryField {
  const description = schema.description?.slice(0, MAX_DESCRIPTION);
  const withDescription = (f: BigQueryField): BigQueryField => (description && !f.description ? { ...f, description } : f);
  const members = schema.anyOf?.filter((m) => m.type !== 'null');
  if (members && members.length > 0) {
    // StringEnum (anyOf string consts) is a STRING; X | null is X.
    if (members.every((m) => typeof m.const === 'string')) return withDescription({ name, type: 'STRING', mode: 'NULLABLE' });
    if (members.length === 1) return withDescription(fieldOf(name, members[0]!));
    throw new Error(`field ${name}: unions of several types have no BigQuery column type`);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': return withDescription({ name, type: 'STRING', mode: 'NULLABLE' });
    case 'integer': return withDescription({ name, type: 'INTEGER', mode: 'NULLABLE' });
    case 'number': return withDescription({ name, type: 'FLOAT', mode: 'NULLABLE' });
    case 'boolean': return withDescription({ name, type: 'BOOLEAN', mode: 'NULLABLE' });
    case 'object': return withDescription({ name, type: 'RECORD', mode: 'NULLABLE', fields: fieldsOf(schema) });
    case 'array': {
      if (!schema.items) throw new Error(`field ${name}: array without items`);
      const item = fieldOf(name, schema.items);
      if (item.mode === 'REPEATED') throw new Error(`field ${name}: arrays of arrays have no BigQuery column type`);
      return withDescription({ ...item, mode: 'REPEATED' });
    }
    default: throw new Error(`field ${name}: unsupported JSON Schema type ${String(type)}`);
  }
}

const DUCKDB_SCALARS: Record<Exclude<BigQueryType, 'RECORD'>, string> = {
  STRING: 'VARCHAR', INTEGER: 'BIGINT', FLOAT: 'DOUBLE', BOOLEAN: 'BOOLEAN', DATE: 'DATE',
};

export function duckdbType(field: BigQueryField): string {
  const base = field.type === 'RECORD'
    ? `STRUCT(${(field.fields ?? []).map((f) => `${quoteIdent(f.name)} ${duckdbType(f)}`).join(', ')})`
    : DUCKDB_SCALARS[field.type];
  return field.mode === 'REPEATED' ? `${base}[]` : base;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
