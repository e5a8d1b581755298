import { describe, expect, it } from 'vitest';
import { Faults } from './faults.js';

const req = (apiKey: number, body: Record<string, unknown> = {}) => ({ apiKey, apiVersion: 1, clientId: 'c', body });

describe('Faults', () => {
  it('fires a rule once by default, only for its api key', () => {
    const f = new Faults();
    const h = f.inject({ apiKey: 0, drop: true });
    expect(f.take(req(1))).toBeNull();
    expect(f.take(req(0))).toEqual({ delayMs: 0, drop: true, errorCode: undefined });
    expect(f.take(req(0))).toBeNull();
    expect(h.fired).toBe(1);
  });
  it('fires N times, honours the predicate, and can be removed', () => {
    const f = new Faults();
    const h = f.inject({ apiKey: 12, errorCode: 27, times: 2, match: (b) => b.groupId === 'g' });
    expect(f.take(req(12, { groupId: 'other' }))).toBeNull();
    expect(f.take(req(12, { groupId: 'g' }))?.errorCode).toBe(27);
    h.remove();
    expect(f.take(req(12, { groupId: 'g' }))).toBeNull();
    const forever = f.inject({ apiKey: 1, delayMs: 5, times: Infinity });
    for (let i = 0; i < 3; i++) expect(f.take(req(1))?.delayMs).toBe(5);
    expect(forever.fired).toBe(3);
  });
  it('notifies observers of every request until unsubscribed', () => {
    const f = new Faults();
    const seen: number[] = [];
    const stop = f.observe((e) => seen.push(e.apiKey));
    f.take(req(3));
    f.take(req(18));
    stop();
    f.take(req(1));
    expect(seen).toEqual([3, 18]);
  });
});
