import { describe, expect, it } from 'vitest';
import { Ticker } from './ticker.js';

describe('Ticker', () => {
  it('visits each item once when due, reschedules on request, and forgets cancelled ones', async () => {
    let now = 1_000;
    const visits: string[] = [];
    const ticker = new Ticker<{ name: string; tick(n: number): number | undefined }>(10, () => now);
    const again = { name: 'again', count: 0, tick(n: number) { visits.push(`${this.name}@${n}`); return ++this.count < 2 ? n + 20 : undefined; } };
    const once = { name: 'once', tick(n: number) { visits.push(`${this.name}@${n}`); return undefined; } };
    const cancelled = { name: 'cancelled', tick() { visits.push('cancelled'); return undefined; } };
    ticker.schedule(again, 1_005);
    ticker.schedule(once, 1_030);
    ticker.schedule(cancelled, 1_010);
    ticker.cancel(cancelled);
    const advance = async (to: number) => {
      now = to;
      await new Promise((r) => setTimeout(r, 25));
    };
    await advance(1_012);
    expect(visits).toEqual(['again@1012']);
    await advance(1_040);
    expect(visits).toEqual(['again@1012', 'once@1040', 'again@1040']); // due order: once at 1030, again at 1032
    await advance(1_100);
    expect(visits).toHaveLength(3);
    ticker.stop();
  });
});
