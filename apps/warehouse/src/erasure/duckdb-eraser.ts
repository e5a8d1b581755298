// Erasure in the local warehouse (DuckDB): the users' rows leave every table in one transaction,
// and so do quarantined lines that mention them (a quarantined line is kept raw, so it is matched
// as text). Objects the erasure rewrote in the archive have a new size, so the next load round
// replaces their rows with the rewritten lines anyway; the deletes here make the warehouse clean
// at once. The caller runs this between load rounds (one DuckDB connection, one writer).
import type { Sql } from '../local/duckdb.js';
import { ensureTables } from '../local/loader.js';
import { quoteIdent } from '../schema/fields.js';
import { sqlString, TABLES } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import { base64Of, subjectPredicate } from './predicates.js';
import type { WarehouseEraser } from './warehouse-eraser.js';

export function duckdbEraser(sql: Sql, tables: readonly TableDefinition[] = TABLES): WarehouseEraser {
  return {
    engine: 'duckdb',
    async erase(userIds, matcher) {
      await ensureTables(sql, tables);
      const list = (xs: string[]) => `(${xs.map(sqlString).join(', ')})`;
      const dialect = { ident: quoteIdent, ids: (form: 'text' | 'base64') => list(form === 'text' ? [...userIds] : userIds.map(base64Of)) };
      const quarantined = (await sql.all('SELECT object_key, line_number, line_base64 FROM _quarantined_lines'))
        .filter((r) => matcher.mentionedIn(Buffer.from(String(r.line_base64), 'base64').toString('utf8')) !== undefined);
      const deleted: Record<string, number> = {};
      await sql.run('BEGIN TRANSACTION');
      try {
        for (const table of tables) {
          const where = subjectPredicate(table, dialect);
          const [row] = await sql.all(`SELECT count(*) AS n FROM ${quoteIdent(table.name)} WHERE ${where}`);
          await sql.run(`DELETE FROM ${quoteIdent(table.name)} WHERE ${where}`);
          deleted[table.name] = Number(row?.n ?? 0);
        }
        for (const q of quarantined) {
          await sql.run(`DELETE FROM _quarantined_lines WHERE object_key = ${sqlString(String(q.object_key))} AND line_number = ${Number(q.line_number)}`);
        }
        deleted._quarantined_lines = quarantined.length;
        await sql.run('COMMIT');
      } catch (error) {
        await sql.run('ROLLBACK');
        throw error;
      }
      return deleted;
    },
  };
}
