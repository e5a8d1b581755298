// The dashboards: one BigQuery-dialect .sql file each in apps/warehouse/dashboards/, named by
// its file name. Read from disk at call time so analysts edit SQL without touching code.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboards/', import.meta.url));

export interface Dashboard {
  name: string;
  /** BigQuery dialect, tables unqualified. */
  sql: string;
}

export async function listDashboards(dir = DASHBOARD_DIR): Promise<string[]> {
  const files = await readdir(dir);
  return files.filter((f) => f.endsWith('.sql')).map((f) => basename(f, '.sql')).sort();
}

export async function readDashboard(name: string, dir = DASHBOARD_DIR): Promise<Dashboard | undefined> {
  if (!/^[a-z0-9_]+$/.test(name)) return undefined;
  try {
    return { name, sql: await readFile(join(dir, `${name}.sql`), 'utf8') };
  } catch {
    return undefined;
  }
}
