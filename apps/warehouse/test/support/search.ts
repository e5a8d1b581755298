// Searching stores for a person: every string a JSON value holds (keys included) and what each
// base64-looking one decodes to, so raw bytes the archive, dead letters or quarantine keep are
// searched too; and every object of an archive store as text lines.
import { gunzipSync } from 'node:zlib';
import type { ObjectStore } from '@tessera/archive/object-store';

export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0) out.push(Buffer.from(value, 'base64').toString('utf8'));
  } else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push(k); strings(v, out); }
  return out;
}

/** Whether `value` names `needle` anywhere: a whole string equal to it, or it quoted inside a text. */
export const names = (value: unknown, needle: string): boolean =>
  strings(value).some((s) => s === needle || s.includes(JSON.stringify(needle)));

/** Whether `needle` occurs anywhere in `value`'s strings (or their base64 decodings), even unquoted. */
export const contains = (value: unknown, needle: string): boolean => strings(value).some((s) => s.includes(needle));

/** Every object of the store as { key, lines } (gzip objects decompressed). */
export async function archiveContents(store: Pick<ObjectStore, 'list' | 'get'>): Promise<{ key: string; lines: string[] }[]> {
  const keys = await store.list('');
  if (!keys.ok) throw new Error(keys.error.message);
  const out: { key: string; lines: string[] }[] = [];
  for (const key of keys.value) {
    const body = await store.get(key);
    if (!body.ok) throw new Error(body.error.message);
    const text = (key.endsWith('.gz') ? gunzipSync(body.value) : body.value).toString('utf8');
    out.push({ key, lines: text.split('\n').filter(Boolean) });
  }
  return out;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
