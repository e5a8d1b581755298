// Which warehouse rows belong to the users being erased, per table, derived from the table's
// columns (so a table added to tables.ts gets the same rules): the record key (text, or base64
// when it was not UTF-8), the value's `userId` where the contract has one, and a dead letter's
// original key (base64 in `value.key`). Written once for both engines; they differ only in how
// identifiers are quoted and how the id lists are bound (DuckDB: literals; BigQuery: array
// parameters).
import { lineFields } from '../tables.js';
import type { TableDefinition } from '../tables.js';

export interface Dialect {
  ident(name: string): string;
  /** A list expression for `IN`: the ids as text, or their UTF-8 bytes in base64. */
  ids(form: 'text' | 'base64'): string;
}

export const base64Of = (userId: string): string => Buffer.from(userId, 'utf8').toString('base64');

/** `col IN ids OR ...` matching the users' rows of `table`. */
export function subjectPredicate(table: TableDefinition, d: Dialect): string {
  const value = lineFields(table).find((f) => f.name === 'value')?.fields ?? [];
  const has = (name: string) => value.some((f) => f.name === name);
  const terms = [`${d.ident('key')} IN ${d.ids('text')}`, `${d.ident('keyBase64')} IN ${d.ids('base64')}`];
  if (has('userId')) terms.push(`${d.ident('value')}.${d.ident('userId')} IN ${d.ids('text')}`);
  // A dead letter (dlq.v1) keeps the failed record's key as base64.
  if (has('source') && has('key')) terms.push(`${d.ident('value')}.${d.ident('key')} IN ${d.ids('base64')}`);
  return terms.join(' OR ');
}
