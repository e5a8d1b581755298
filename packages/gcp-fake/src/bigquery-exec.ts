// What the fake's jobs do to table data, so tests can see rows arrive and leave:
// - a load job (NEWLINE_DELIMITED_JSON, gzip or plain) reads its gs:// sources from the fake's own
//   GCS objects and appends one row per line; with hivePartitioningOptions the `name=value`
//   folders of each object's path become columns (DATE stays a string, INTEGER a number).
//   Fields the load schema does not name are dropped (the warehouse loads with
//   ignoreUnknownValues). A missing source fails the job (notFound).
// - a query job runs one statement shape, the one erasure needs:
//     DELETE FROM `project.dataset.table` WHERE <path> IN UNNEST(@param) [OR <path> IN UNNEST(@param)]...
//   (paths are `col` or `col`.`field`, backticks optional), with named STRING or ARRAY<STRING>
//   parameters; the job reports statistics.query.numDmlAffectedRows. Anything else fails the
//   job with invalidQuery, so a test learns at once that the fake cannot judge its SQL.
import { gunzipSync } from 'node:zlib';

export type Row = Record<string, unknown>;
export type ReadObject = (bucket: string, name: string) => Buffer | undefined;
export type JobOutcome = { ok: true; statistics?: Record<string, unknown> } | { ok: false; reason: string; message: string };

interface LoadConfig {
  sourceUris?: string[];
  destinationTable?: { datasetId?: string; tableId?: string };
  schema?: { fields?: { name: string }[] };
  hivePartitioningOptions?: { sourceUriPrefix?: string };
}

export function runLoad(rows: Map<string, Row[]>, load: LoadConfig, read: ReadObject): JobOutcome {
  const table = `${load.destinationTable?.datasetId ?? ''}.${load.destinationTable?.tableId ?? ''}`;
  const known = load.schema?.fields ? new Set(load.schema.fields.map((f) => f.name)) : undefined;
  const loaded: Row[] = [];
  for (const uri of load.sourceUris ?? []) {
    const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(uri);
    const body = m ? read(m[1]!, m[2]!) : undefined;
    if (!body) return { ok: false, reason: 'notFound', message: `Not found: URI ${uri}` };
    const text = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('utf8');
    const hive = load.hivePartitioningOptions ? hiveColumns(m![2]!) : {};
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let json: Row;
      try {
        json = JSON.parse(line) as Row;
      } catch {
        return { ok: false, reason: 'invalid', message: `Error while reading data: ${uri}: not JSON` };
      }
      const row: Row = {};
      for (const [k, v] of Object.entries(json)) if (!known || known.has(k)) row[k] = v;
      loaded.push({ ...row, ...hive });
    }
  }
  rows.set(table, [...(rows.get(table) ?? []), ...loaded]);
  return { ok: true, statistics: { load: { outputRows: String(loaded.length) } } };
}

function hiveColumns(name: string): Row {
  const out: Row = {};
  for (const [, k, v] of name.matchAll(/(?:^|\/)([A-Za-z_]\w*)=([^/]*)(?=\/)/g)) out[k!] = /^\d+$/.test(v!) && k !== 'dt' ? Number(v) : v;
  return out;
}

interface QueryParameter {
  name?: string;
  parameterType?: { type?: string };
  parameterValue?: { value?: string; arrayValues?: { value?: string }[] };
}

const ident = String.raw`\x60?([A-Za-z_]\w*)\x60?`;
const DELETE = /^\s*DELETE\s+FROM\s+`([^`]+)`\s+WHERE\s+([\s\S]+?)\s*;?\s*$/i;
const TERM = new RegExp(String.raw`^${ident}(?:\.${ident})?\s+IN\s+UNNEST\(@(\w+)\)$`, 'i');

export function runQuery(rows: Map<string, Row[]>, query: { query?: string; queryParameters?: QueryParameter[] }): JobOutcome {
  const invalid = (message: string): JobOutcome => ({ ok: false, reason: 'invalidQuery', message });
  const m = DELETE.exec(query.query ?? '');
  if (!m) return invalid(`the fake runs only DELETE ... WHERE <col> IN UNNEST(@p) [OR ...]: ${query.query ?? ''}`);
  const parts = m[1]!.split('.');
  if (parts.length !== 3) return invalid(`table must be project.dataset.table: ${m[1]!}`);
  const table = `${parts[1]!}.${parts[2]!}`;
  const params = new Map((query.queryParameters ?? []).map((p) => [p.name ?? '', p.parameterValue?.arrayValues?.map((v) => v.value) ?? [p.parameterValue?.value]]));
  const terms: { path: string[]; values: Set<unknown> }[] = [];
  for (const text of m[2]!.split(/\s+OR\s+/i)) {
    const t = TERM.exec(text.trim());
    if (!t) return invalid(`unsupported condition: ${text}`);
    const values = params.get(t[3]!);
    if (!values) return invalid(`Query parameter '${t[3]!}' not found`);
    terms.push({ path: t[2] ? [t[1]!, t[2]] : [t[1]!], values: new Set(values) });
  }
  const before = rows.get(table);
  if (!before) return { ok: true, statistics: { query: { numDmlAffectedRows: '0', statementType: 'DELETE' } } };
  const at = (row: Row, path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Row)[k] : undefined), row);
  const after = before.filter((row) => !terms.some((t) => t.values.has(at(row, t.path))));
  rows.set(table, after);
  return { ok: true, statistics: { query: { numDmlAffectedRows: String(before.length - after.length), statementType: 'DELETE' } } };
}
