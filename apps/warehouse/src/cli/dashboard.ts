// `npm run dashboard -w apps/warehouse -- <name>`: loads whatever is new in the local archive
// into the local DuckDB warehouse, runs the dashboard and prints it as a table. Wiring only.
//   --list            print the dashboard names
//   --sql             also print the DuckDB SQL the BigQuery text was transpiled to
//   --no-load         query the warehouse as it is
// ARCHIVE_DIR (default .tessera/archive), ARCHIVE_PREFIX (default "") and WAREHOUSE_DUCKDB
// (default .tessera/warehouse.duckdb) come from the warehouse's config schema; relative paths are
// resolved from the directory npm was started in.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalStore } from '@tessera/archive/object-store/local';
import { localArchiveRoot } from '@tessera/archive/store-config';
import { CONFIG_EXIT_CODE, loadConfigOrExit } from '@tessera/platform/config';
import { WarehouseEnv } from '../config.js';
import { listDashboards, readDashboard } from '../dashboards/catalogue.js';
import { formatTable } from '../dashboards/format.js';
import { runDashboard } from '../dashboards/run.js';
import { openLocalWarehouse } from '../local/duckdb.js';
import { loadLocalArchive } from '../local/loader.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { list: { type: 'boolean' }, sql: { type: 'boolean' }, 'no-load': { type: 'boolean' } } });
const config = loadConfigOrExit(WarehouseEnv);
if (config.GCS_BUCKET) {
  process.stderr.write('GCS_BUCKET: this command loads the local archive directory ARCHIVE_DIR; unset GCS_BUCKET\n');
  process.exit(CONFIG_EXIT_CODE);
}
const base = process.env.INIT_CWD ?? process.cwd();
const archiveDir = localArchiveRoot(config, base);
const warehousePath = resolve(base, config.WAREHOUSE_DUCKDB);

const names = await listDashboards();
const name = positionals[0];
if (values.list || !name) {
  process.stdout.write(`dashboards:\n${names.map((n) => `  ${n}`).join('\n')}\n`);
  process.exit(name || values.list ? 0 : 2);
}
const dashboard = await readDashboard(name);
if (!dashboard) {
  process.stderr.write(`unknown dashboard "${name}"; one of: ${names.join(', ')}\n`);
  process.exit(2);
}

await mkdir(dirname(warehousePath), { recursive: true });
const warehouse = await openLocalWarehouse(warehousePath, { memoryLimitMb: config.WAREHOUSE_DUCKDB_MEMORY_MB, threads: config.WAREHOUSE_DUCKDB_THREADS });
try {
  if (!values['no-load']) {
    const store = createLocalStore(archiveDir);
    const reports = await loadLocalArchive({ sql: warehouse.sql, list: store.list, root: archiveDir, prefix: config.ARCHIVE_PREFIX });
    const loaded = reports.reduce((n, r) => n + r.loaded.length + r.reloaded.length, 0);
    process.stderr.write(`loaded ${loaded} new object(s) from ${archiveDir} into ${warehousePath}\n`);
  }
  const result = await runDashboard(warehouse.sql, dashboard);
  if (!result.ok) {
    process.stderr.write(`${result.error.code}: ${result.error.message}\n`);
    process.exitCode = 1;
  } else {
    if (values.sql) process.stdout.write(`${result.value.duckdbSql}\n\n`);
    process.stdout.write(formatTable(result.value.rows));
  }
} finally {
  warehouse.close();
}
