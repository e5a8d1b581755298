// The "k6" module: check, sleep, group, fail, with k6's semantics. check() records one sample of
// the `checks` Rate per named check (tagged check=<name>) and returns true only if every check
// held; a check that throws counts as failed and rethrows, as in k6. sleep() blocks the VU.
import { blockFor, emit, vu } from '../vu/context.js';

type Checker<T> = ((value: T) => boolean) | boolean;

export function check<T>(value: T, sets: Record<string, Checker<T>>, tags?: Record<string, string>): boolean {
  let all = true;
  for (const [name, checker] of Object.entries(sets)) {
    let ok: boolean;
    try {
      ok = typeof checker === 'function' ? Boolean(checker(value)) : Boolean(checker);
    } catch (error) {
      emit('checks', 'rate', 0, { ...tags, check: name });
      throw error;
    }
    emit('checks', 'rate', ok ? 1 : 0, { ...tags, check: name });
    if (!ok) all = false;
  }
  return all;
}

export function sleep(seconds: number): void {
  if (!(seconds >= 0)) throw new Error(`sleep() needs a number of seconds >= 0, got ${seconds}`);
  blockFor(seconds * 1000);
}

export function group<T>(name: string, fn: () => T): T {
  if (name.includes('::')) throw new Error(`group names cannot contain "::" ("${name}")`);
  const previous = vu.tags.group;
  vu.tags.group = `${previous ?? ''}::${name}`;
  const started = Date.now();
  try {
    const result = fn();
    if (result instanceof Promise) throw new Error('k6-runner: group() with an async function is not implemented (k6 does not support it either)');
    return result;
  } finally {
    emit('group_duration', 'trend', Date.now() - started, {}, true);
    if (previous === undefined) delete vu.tags.group;
    else vu.tags.group = previous;
  }
}

export function fail(message?: string): never {
  throw new Error(message ?? 'fail() called');
}

export default { check, sleep, group, fail };
