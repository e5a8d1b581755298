// A Clock whose time only moves when a test says so. advance(ms) fires every timer that falls due
// inside the window in due-time order (ties in scheduling order), including timers scheduled by a
// firing callback, so timeout chains (session expiry -> rebalance -> rebalance timeout) play out
// deterministically without real sleeps.
import type { Clock } from './clock.js';

interface Timer { id: number; due: number; fn: () => void }

export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Number of timers not yet fired or cleared (lets tests prove close() leaks nothing). */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by ms, firing due timers one at a time at their own due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers.delete(next.id);
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
