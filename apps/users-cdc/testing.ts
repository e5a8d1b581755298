// The test kit of @tessera/users-cdc (`@tessera/users-cdc/testing`), for other workspaces' suites
// that need users flowing from PostgreSQL (beacon's end-to-end ingestion test, warehouse's erasure
// from Postgres); no production module imports it. A PostgreSQL of its own with
// wal_level=logical, a fresh migrated database, users-cdc in-process or as a child process, and
// writers of users rows. It lives outside src/; its parts are users-cdc's own test support.
export { startPostgres } from './test/support/postgres.js';
export type { TestPostgres } from './test/support/postgres.js';
export { createTestDatabase, metricValue, startCdc } from './test/support/cdc.js';
export type { RunningCdc, TestDatabase } from './test/support/cdc.js';
export { deleteUser, insertUser, updateUser } from './test/support/users.js';
export type { UserRow } from './test/support/users.js';
export { spawnCdc } from './test/support/process.js';
export type { CdcProcess } from './test/support/process.js';
