import { describe, expect, it } from 'vitest';
import { startLoadLoop } from './load-loop.js';

describe('load loop', () => {
  it('keeps going after a failed round and lets the round in flight finish on stop', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    let rounds = 0;
    const errors: unknown[] = [];
    const loop = startLoadLoop({
      intervalMs: 1,
      onError: (e) => errors.push(e),
      round: async () => {
        rounds += 1;
        if (rounds === 1) throw new Error('transient');
        events.push(`start ${rounds}`);
        await new Promise<void>((resolve) => { release = resolve; });
        events.push(`end ${rounds}`);
      },
    });
    while (events.length === 0) await new Promise((r) => setTimeout(r, 1));
    const stopped = loop.stop();
    release();
    await stopped;
    expect(errors).toHaveLength(1);
    expect(events).toEqual(['start 2', 'end 2']);
    expect(rounds).toBe(2);
  });
});
