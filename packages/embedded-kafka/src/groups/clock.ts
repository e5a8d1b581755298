// The time source of the group coordinator. Every session, rebalance and sync timeout goes through
// this interface so unit tests drive time with ManualClock instead of sleeping, and so the
// coordinator itself stays free of global timers.

export interface Clock {
  /** Milliseconds since the epoch (commit timestamps, timer bookkeeping). */
  now(): number;
  /** Schedules fn once after ms; the handle is only ever passed back to clearTimeout. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Wall-clock implementation. Timers are unref'd: a pending session timeout must never keep a
 * process alive after the broker closed its listener.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
