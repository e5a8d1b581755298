// One writer at a time on the warehouse: load rounds and erasure rounds share one DuckDB
// connection (and, on BigQuery, must not interleave a DELETE with a load planned before it), so
// each waits for the one before it. A failed task does not block the next.
export type Exclusive = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * `afterEach` runs once a task has settled and before the next one starts, whatever the task's
 * outcome (the local warehouse closes DuckDB there); a task's own error wins over afterEach's.
 */
export function oneAtATime(afterEach?: () => Promise<void>): Exclusive {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const settled = async (): Promise<T> => {
      try {
        return await task();
      } finally {
        await afterEach?.();
      }
    };
    const run = tail.then(settled, settled);
    tail = run.catch(() => undefined);
    return run;
  };
}
