// The warehouse tables: which archived topic fills which table, the columns (the archive line's
// record fields + the contract's value as a RECORD + dt/hr from the object path), partitioning
// and clustering. BigQuery table resources and DuckDB DDL are both derived from here.
// Partitioned by `dt`, the event date of the archive folder (the value's occurredAt, UTC).
// BigQuery clusters only on top-level columns, so tables cluster on `hr` and `key` (userId for
// per-user topics, contentId for content): "one user's events" and "one hour" scan little.
import { publishedSchema } from '@tessera/contracts/published';
import type { TopicName } from '@tessera/contracts/topics';
import { duckdbType, fieldsOf, quoteIdent } from './schema/fields.js';
import type { BigQueryField } from './schema/fields.js';

export interface TableDefinition {
  name: string;
  topic: TopicName;
  description: string;
  clustering: string[];
}

export const TABLES: readonly TableDefinition[] = [
  { name: 'interactions', topic: 'interactions.enriched.v1', description: 'Enriched interactions (impressions, clicks, ...)', clustering: ['hr', 'key'] },
  { name: 'beacons', topic: 'beacons.enriched.v1', description: 'Enriched device heartbeats', clustering: ['hr', 'key'] },
  { name: 'feeds', topic: 'recommendations.v2', description: 'Feeds the recommender produced', clustering: ['hr', 'key'] },
  { name: 'content', topic: 'content.v1', description: 'Content item revisions; a row with value NULL is a takedown', clustering: ['key'] },
  { name: 'dead_letters', topic: 'dlq.v1', description: 'Records some consumer could not process', clustering: ['hr'] },
];

export function tableForTopic(topic: string): TableDefinition | undefined {
  return TABLES.find((t) => t.topic === topic);
}

const BYTES_FIELDS = (name: string): BigQueryField[] => [
  { name, type: 'STRING', mode: 'NULLABLE', description: `${name} as UTF-8 text; NULL when absent or not UTF-8` },
  { name: `${name}Base64`, type: 'STRING', mode: 'NULLABLE', description: `${name} bytes, base64, when not UTF-8` },
];

/** The columns of an archive line, as the archiver writes them (@tessera/archive/line). */
export function lineFields(table: TableDefinition): BigQueryField[] {
  return [
    { name: 'topic', type: 'STRING', mode: 'NULLABLE' },
    { name: 'partition', type: 'INTEGER', mode: 'NULLABLE' },
    { name: 'offset', type: 'INTEGER', mode: 'NULLABLE' },
    { name: 'timestamp', type: 'INTEGER', mode: 'NULLABLE', description: 'Kafka record timestamp (ms since epoch)' },
    { name: 'eventTime', type: 'INTEGER', mode: 'NULLABLE', description: 'Event time the archive partitioned by (ms since epoch)' },
    ...BYTES_FIELDS('key'),
    { name: 'headers', type: 'RECORD', mode: 'REPEATED', fields: [{ name: 'key', type: 'STRING', mode: 'NULLABLE' }, ...BYTES_FIELDS('value')] },
    { name: 'value', type: 'RECORD', mode: 'NULLABLE', description: 'The decoded value; NULL for a tombstone or a refused value', fields: fieldsOf(publishedSchema(table.topic)) },
    { name: 'valueBase64', type: 'STRING', mode: 'NULLABLE', description: 'Raw value bytes when the value was refused or not canonical JSON' },
  ];
}

/** Columns from the object path (hive partitioning). */
export const PATH_FIELDS: BigQueryField[] = [
  { name: 'dt', type: 'DATE', mode: 'NULLABLE', description: 'Event date (UTC) from the archive folder dt=' },
  { name: 'hr', type: 'INTEGER', mode: 'NULLABLE', description: 'Event hour (UTC) from the archive folder hr=' },
];

export function tableFields(table: TableDefinition): BigQueryField[] {
  return [...lineFields(table), ...PATH_FIELDS];
}

/** tables.insert body for BigQuery. */
export function bigQueryTableResource(table: TableDefinition, projectId: string, datasetId: string): Record<string, unknown> {
  return {
    tableReference: { projectId, datasetId, tableId: table.name },
    description: table.description,
    schema: { fields: tableFields(table) },
    timePartitioning: { type: 'DAY', field: 'dt' },
    clustering: { fields: table.clustering },
  };
}

export function duckdbCreateTable(table: TableDefinition): string {
  const columns = tableFields(table).map((f) => `  ${quoteIdent(f.name)} ${duckdbType(f)}`);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(table.name)} (\n${columns.join(',\n')}\n)`;
}

/** read_json's `columns` argument for the line fields (dt/hr come from the key). */
export function duckdbJsonColumns(table: TableDefinition): string {
  const entries = lineFields(table).map((f) => `${sqlString(f.name)}: ${sqlString(duckdbType(f))}`);
  return `{${entries.join(', ')}}`;
}

export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
