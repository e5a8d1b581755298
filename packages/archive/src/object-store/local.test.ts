import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStore } from './local.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'local-store-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('local object store', () => {
  it('puts, overwrites, gets and lists by prefix, sorted', async () => {
    const store = createLocalStore(dir);
    expect((await store.put('t/dt=1/b.gz', Buffer.from('one'), 'x')).ok).toBe(true);
    expect((await store.put('t/dt=1/b.gz', Buffer.from('two'), 'x')).ok).toBe(true);
    expect((await store.put('t/dt=0/a.gz', Buffer.from('a'), 'x')).ok).toBe(true);
    expect((await store.put('u/c.gz', Buffer.from('c'), 'x')).ok).toBe(true);
    const got = await store.get('t/dt=1/b.gz');
    expect(got.ok && got.value.toString()).toBe('two');
    expect(await store.list('t/')).toEqual({ ok: true, value: ['t/dt=0/a.gz', 't/dt=1/b.gz'] });
    expect(await store.list('t/dt=1')).toEqual({ ok: true, value: ['t/dt=1/b.gz'] });
    expect(await store.list('nothing/')).toEqual({ ok: true, value: [] });
    // No temporary files are left behind next to the objects.
    expect(await readdir(join(dir, 't', 'dt=1'))).toEqual(['b.gz']);
  });

  it('never lists a temporary file of a write in progress', async () => {
    const store = createLocalStore(dir);
    await store.put('t/a.gz', Buffer.from('a'), 'x');
    await writeFile(join(dir, 't', 'a.gz.123.abcdef.tmp'), 'partial');
    expect(await store.list('t/')).toEqual({ ok: true, value: ['t/a.gz'] });
  });

  it('refuses keys that leave the root and reports missing objects as not_found', async () => {
    const store = createLocalStore(dir);
    const escaped = await store.put('../escape.gz', Buffer.from('x'), 'x');
    expect(escaped.ok ? 'ok' : escaped.error.code).toBe('invalid');
    const missing = await store.get('t/none.gz');
    expect(missing.ok ? 'ok' : [missing.error.code, missing.error.retriable]).toEqual(['not_found', false]);
  });
});
