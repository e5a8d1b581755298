// The local warehouse file (.tessera/warehouse.duckdb) and the narrow SQL interface the loader
// and the dashboard runner take. Extension auto-install is off: json/parquet/icu are linked into
// the DuckDB build, and nothing here may reach the network.
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

export type Row = Record<string, unknown>;

export interface Sql {
  run(sql: string): Promise<void>;
  all(sql: string): Promise<Row[]>;
}

export interface LocalWarehouse {
  sql: Sql;
  close(): void;
}

export async function openLocalWarehouse(path: string): Promise<LocalWarehouse> {
  const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' });
  const connection = await instance.connect();
  return {
    sql: sqlOver(connection),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function sqlOver(connection: DuckDBConnection): Sql {
  return {
    async run(sql) {
      await connection.run(sql);
    },
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Row[];
    },
  };
}
