// The dedup window on the machine's Redis, with a unique key prefix per run.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createDedupWindow, firstOccurrences, freshEvents } from '../src/window.js';

const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
const id = `t${randomBytes(4).toString('hex')}`;
const keyFor = (userId: string) => `u:{${id}-${userId}}:dedup:test`;
const HOUR = 3_600_000;
const ev = () => randomBytes(8).toString('hex');

afterAll(async () => {
  const keys = await redis.keys(`*${id}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('dedup window', () => {
  it('remembers an eventId for the configured window only, per user, with a TTL', async () => {
    const now = Date.now();
    const window = createDedupWindow(redis, { windowMs: HOUR, keyFor, now: () => now });
    const e = ev();
    await window.mark([{ userId: 'a', eventId: e, receivedAt: now }]);
    expect(await window.seen([
      { userId: 'a', eventId: e, receivedAt: now + HOUR - 1 },   // a retry inside the window
      { userId: 'a', eventId: e, receivedAt: now + HOUR + 1 },   // the same id after the window
      { userId: 'b', eventId: e, receivedAt: now + 1 },          // another user's event
      { userId: 'a', eventId: ev(), receivedAt: now + 1 },       // a new event
    ])).toEqual([true, false, false, false]);
    const ttl = await redis.pttl(keyFor('a'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HOUR);
  });

  it('trims ids older than the window when marking', async () => {
    const old = ev();
    let now = Date.now();
    const window = createDedupWindow(redis, { windowMs: 10_000, keyFor, now: () => now });
    await window.mark([{ userId: 'c', eventId: old, receivedAt: now }]);
    now += 20_000;
    await window.mark([{ userId: 'c', eventId: ev(), receivedAt: now }]);
    expect(await redis.zscore(keyFor('c'), old)).toBeNull();
  });

  it('leaves out repeats inside a batch and ids already marked', async () => {
    const now = Date.now();
    const window = createDedupWindow(redis, { windowMs: HOUR, keyFor });
    const [x, y, z] = [ev(), ev(), ev()];
    await window.mark([{ userId: 'd', eventId: x, receivedAt: now }]);
    const batch = [x, y, y, z, x].map((eventId) => ({ userId: 'd', eventId, receivedAt: now + 1 }));
    expect((await freshEvents(window, batch)).map((e) => e.eventId)).toEqual([y, z]);
    expect(firstOccurrences([{ userId: 'd', eventId: y }, { userId: 'e', eventId: y }])).toHaveLength(2);
  });
});
