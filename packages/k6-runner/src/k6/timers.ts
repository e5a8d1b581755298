// "k6/timers": the VU's timers. They are the worker's globals, which keep the iteration alive
// until they fire or are cleared (vu/worker.ts), as k6's event loop does.
type Timer = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
const g = globalThis as unknown as Record<'setTimeout' | 'setInterval' | 'clearTimeout' | 'clearInterval', Timer & ((id: unknown) => void)>;

export const setTimeout = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => g.setTimeout(fn, ms, ...args);
export const setInterval = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => g.setInterval(fn, ms, ...args);
export const clearTimeout = (id: unknown) => g.clearTimeout(id);
export const clearInterval = (id: unknown) => g.clearInterval(id);

export default { setTimeout, setInterval, clearTimeout, clearInterval };
