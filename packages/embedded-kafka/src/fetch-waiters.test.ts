import { describe, expect, it } from 'vitest';
import { FetchWaiters, partitionKey } from './fetch-waiters.js';

describe('FetchWaiters', () => {
  it('wakes only waiters of the appended partition', async () => {
    const w = new FetchWaiters();
    const woke: string[] = [];
    const a = w.wait([partitionKey('t', 0)], 60_000).then(() => woke.push('a'));
    void w.wait([partitionKey('t', 1)], 60_000).then(() => woke.push('b'));
    w.notify(partitionKey('t', 0));
    await a;
    expect(woke).toEqual(['a']);
    expect(w.size).toBe(1);
    w.wakeAll();
    expect(w.size).toBe(0);
  });
  it('resolves by itself after the wait time', async () => {
    const w = new FetchWaiters();
    await w.wait([partitionKey('t', 0)], 1);
    expect(w.size).toBe(0);
  });
});
