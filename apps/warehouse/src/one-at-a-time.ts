// One writer at a time on the warehouse: load rounds and erasure rounds share one DuckDB
// connection (and, on BigQuery, must not interleave a DELETE with a load planned before it), so
// each waits for the one before it. A failed task does not block the next.
export type Exclusive = <T>(task: () => Promise<T>) => Promise<T>;

export function oneAtATime(): Exclusive {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
