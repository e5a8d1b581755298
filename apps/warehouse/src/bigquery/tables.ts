// Creates the dataset and the tables before the first load, so they exist with the full schema
// (line columns + dt/hr), DAY partitioning on dt and clustering, rather than whatever a first
// load job would infer. Existing ones are left alone (409 = already there); schema additions are
// made by the load jobs themselves (ALLOW_FIELD_ADDITION).
import { BigQuery } from '@google-cloud/bigquery';
import { bigQueryTableResource, TABLES } from '../tables.js';
import type { TableDefinition } from '../tables.js';
import type { LoadJobError } from './jobs.js';

export interface ProvisionReport {
  created: string[];
  existing: string[];
}

export interface ProvisionOptions {
  projectId: string;
  datasetId: string;
  location?: string;
  apiEndpoint?: string;
  tables?: readonly TableDefinition[];
}

export async function ensureBigQueryTables(options: ProvisionOptions): Promise<{ ok: true; value: ProvisionReport } | { ok: false; error: LoadJobError }> {
  const bq = new BigQuery({ projectId: options.projectId, ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}) });
  const report: ProvisionReport = { created: [], existing: [] };
  const create = async (name: string, call: () => Promise<unknown>): Promise<LoadJobError | undefined> => {
    try {
      await call();
      report.created.push(name);
      return undefined;
    } catch (cause) {
      const status = (cause as { code?: unknown }).code;
      if (status === 409) {
        report.existing.push(name);
        return undefined;
      }
      const retriable = status !== 400 && status !== 401 && status !== 403;
      return { code: retriable ? 'unavailable' : 'invalid', retriable, message: `create ${name}: ${(cause as Error).message}`, cause };
    }
  };
  const dataset = bq.dataset(options.datasetId);
  const failed = await create(options.datasetId, () => dataset.create(options.location ? { location: options.location } : {}));
  if (failed) return { ok: false, error: failed };
  for (const table of options.tables ?? TABLES) {
    const { tableReference: _ref, ...metadata } = bigQueryTableResource(table, options.projectId, options.datasetId);
    const error = await create(`${options.datasetId}.${table.name}`, () => dataset.createTable(table.name, metadata));
    if (error) return { ok: false, error };
  }
  return { ok: true, value: report };
}
