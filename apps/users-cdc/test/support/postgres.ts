// A throwaway PostgreSQL server for integration tests: initdb + pg_ctl on a free port under a
// temporary directory, with wal_level=logical so logical replication works without touching the
// machine's own server. initdb and postgres refuse to run as root, so both run as the `postgres`
// OS user (runuser) and the directory is handed to that user. Reusable by any app's tests:
// copy or import it; it depends only on node and the PostgreSQL server binaries.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, superuser). */
  readonly url: string;
  readonly port: number;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  /** Stops the server (fast shutdown) and deletes its directory. */
  close(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

/** The newest installed server's bin directory, e.g. /usr/lib/postgresql/15/bin. */
export async function postgresBinDir(): Promise<string> {
  const root = '/usr/lib/postgresql';
  const versions = (await readdir(root).catch(() => [] as string[]))
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0] as string, 'bin');
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'tessera-pg-'));
  // As root the server must run as another user; as anyone else it runs as that user.
  const root = process.getuid?.() === 0;
  if (root) {
    const { uid, gid } = await postgresUser();
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const asPostgres = (cmd: string, args: string[]) =>
    root
      ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { cwd: dir })
      : run(join(bin, cmd), args, { cwd: dir });
  try {
    await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const port = await freePort();
    const settings: Record<string, string> = {
      wal_level: 'logical',
      max_replication_slots: '10',
      max_wal_senders: '10',
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      fsync: 'off',
      ...options.settings,
    };
    const serverArgs = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    await asPostgres('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', serverArgs, 'start']);
    const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
    let closed = false;
    return {
      url: urlFor('postgres'),
      port,
      urlFor,
      async close() {
        if (closed) return;
        closed = true;
        await asPostgres('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
