// What the erasure job needs from a warehouse: delete the rows of some users, say how many went.
// Two implementations beside this file: duckdb-eraser.ts (local) and bigquery-eraser.ts.
import type { SubjectMatcher } from './subjects.js';

export interface WarehouseEraser {
  readonly engine: 'duckdb' | 'bigquery';
  /** Deletes the users' rows from every table; rows deleted per table. */
  erase(userIds: readonly string[], matcher: SubjectMatcher): Promise<Record<string, number>>;
}
