// ObjectStore on a local directory (default .tessera/archive), with the same keys as the bucket,
// so DuckDB and the trainer read the local archive exactly like the cloud one. A put writes a
// temporary file next to the target, fsyncs it, renames it over the target and fsyncs the
// folder: readers never see half an object, and a put that returned survives a crash.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { storeError } from './object-store.js';
import type { ObjectStore, StoreResult } from './object-store.js';

const TMP_SUFFIX = '.tmp';

export function createLocalStore(root: string): ObjectStore {
  const base = resolve(root);
  const pathOf = (key: string): string | undefined => {
    const full = resolve(base, key);
    return key && !key.endsWith('/') && full.startsWith(base + sep) ? full : undefined;
  };

  return {
    location: `file://${base}`,
    async put(key, body) {
      const path = pathOf(key);
      if (!path) return storeError('invalid', false, `invalid object key: ${key}`);
      const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`;
      try {
        await mkdir(dirname(path), { recursive: true });
        const file = await open(tmp, 'w');
        try {
          await file.writeFile(body);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(tmp, path);
        await syncDir(dirname(path));
        return { ok: true, value: undefined };
      } catch (cause) {
        await rm(tmp, { force: true });
        return ioError(`put ${key}`, cause);
      }
    },
    async get(key) {
      const path = pathOf(key);
      if (!path) return storeError('invalid', false, `invalid object key: ${key}`);
      try {
        return { ok: true, value: await readFile(path) };
      } catch (cause) {
        return ioError(`get ${key}`, cause);
      }
    },
    async list(prefix) {
      // Walk only the folder the prefix points into; the rest of the prefix filters names.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const start = resolve(base, folder);
      if (start !== base && !start.startsWith(base + sep)) return storeError('invalid', false, `invalid prefix: ${prefix}`);
      try {
        const keys = (await walk(start)).map((p) => relative(base, p).split(sep).join('/'));
        return { ok: true, value: keys.filter((k) => k.startsWith(prefix) && !k.endsWith(TMP_SUFFIX)).sort() };
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: [] };
        return ioError(`list ${prefix}`, cause);
      }
    },
  };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map(async (e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path);
    return e.isFile() ? [path] : [];
  }));
  return nested.flat();
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function ioError(what: string, cause: unknown): StoreResult<never> {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return storeError('not_found', false, `${what}: not found`, cause);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return storeError('denied', false, `${what}: ${code}`, cause);
  // Full disk or too many open files may clear up; the consumer retries without committing.
  return storeError('io', code === 'ENOSPC' || code === 'EMFILE' || code === 'EAGAIN', `${what}: ${String(cause)}`, cause);
}
