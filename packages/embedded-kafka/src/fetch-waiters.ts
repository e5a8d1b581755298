// Owns the long-poll registry: a Fetch that has not gathered min_bytes parks here until an append
// touches one of its partitions, its max_wait elapses, or the broker closes. Without this every
// idle consumer would turn into a busy loop of empty fetches.
export type PartitionKey = string;

export const partitionKey = (topic: string, partition: number): PartitionKey => `${topic}\u0000${partition}`;

interface Waiter { keys: ReadonlySet<PartitionKey>; wake: () => void }

export class FetchWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves on the first append to any of `keys`, after `ms`, or on close — whichever comes first. */
  wait(keys: Iterable<PartitionKey>, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        keys: new Set(keys),
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, Math.max(0, ms));
      this.waiters.add(waiter);
    });
  }

  notify(key: PartitionKey): void {
    for (const w of [...this.waiters]) if (w.keys.has(key)) w.wake();
  }

  wakeAll(): void {
    for (const w of [...this.waiters]) w.wake();
  }

  get size(): number {
    return this.waiters.size;
  }
}
