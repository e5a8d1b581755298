// PostgreSQL for users-cdc: DATABASE_URL when set, otherwise a local server whose data lives
// under <TESSERA_DATA_DIR>/postgres (created by initdb on the first run, kept across runs, so the
// replication slot and the users table survive a restart), on a free port with
// wal_level=logical, stopped with the stack. It is started the way users-cdc's tests start theirs
// (test/support/postgres.ts), except that the server runs in the foreground under the stack's
// supervisor: as root, initdb and postgres run as the `postgres` OS user (both refuse root).
// No server binaries is not an error of the stack: users-cdc is then reported pending.
import { execFile } from 'node:child_process';
import { chown, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import type { Supervisor } from './supervisor.js';

const run = promisify(execFile);
const BIN_ROOT = '/usr/lib/postgresql';

export type StackPostgres =
  | { readonly ok: true; readonly url: string; readonly note: string }
  | { readonly ok: false; readonly reason: string };

export async function ensurePostgres(databaseUrl: string | undefined, dataDir: string, supervisor: Supervisor): Promise<StackPostgres> {
  if (databaseUrl) return { ok: true, url: databaseUrl, note: 'DATABASE_URL' };
  const bin = await newestBinDir();
  if (!bin) return { ok: false, reason: `no PostgreSQL server under ${BIN_ROOT} and DATABASE_URL unset (apt-get install postgresql, or set DATABASE_URL)` };
  const dir = join(dataDir, 'postgres');
  const user = process.getuid?.() === 0 ? await postgresUser() : undefined;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (user) await chown(dir, user.uid, user.gid);
    if (!(await exists(join(dir, 'PG_VERSION')))) {
      await run(join(bin, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C'], { cwd: dir, ...(user ?? {}) });
    }
  } catch (error) {
    // initdb says why on stderr (often: the postgres user cannot reach a directory above dir).
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1);
    return { ok: false, reason: `could not initdb ${dir} as the postgres user: ${stderr || (error as Error).message.split('\n')[0]}` };
  }
  const port = await freePort();
  const settings = { wal_level: 'logical', max_replication_slots: '10', max_wal_senders: '10', listen_addresses: '127.0.0.1', unix_socket_directories: '' };
  try {
    await supervisor.start({
      name: 'postgres', stage: 'infrastructure', cwd: dir,
      run: { command: join(bin, 'postgres'), args: ['-D', dir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])] },
      ready: { logLine: /database system is ready to accept connections/ },
      stopSignal: 'SIGINT', // fast shutdown: users-cdc, its only client, has stopped by then
      ...(user ? { user } : {}),
    });
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  return { ok: true, url: `postgres://postgres@127.0.0.1:${port}/postgres`, note: `local server, data in ${dir}` };
}

async function newestBinDir(): Promise<string | undefined> {
  const versions = (await readdir(BIN_ROOT).catch(() => [] as string[]))
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(BIN_ROOT, version, 'bin');
    if (await exists(join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
