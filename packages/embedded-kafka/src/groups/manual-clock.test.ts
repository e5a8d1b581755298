import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires due timers in due-time order at their own time, and nothing early', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 300);
    clock.advance(199);
    expect(fired).toEqual(['a@100']);
    clock.advance(101);
    expect(fired).toEqual(['a@100', 'b@200', 'c@300']);
    expect(clock.now()).toBe(300);
  });

  it('fires timers scheduled by a callback within the same advance, and honours clearTimeout', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const cancelled = clock.setTimeout(() => fired.push(-1), 50);
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 10);
    }, 20);
    clock.clearTimeout(cancelled);
    clock.advance(100);
    expect(fired).toEqual([20, 30]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
