// One timer for every socket's heartbeat and token expiry: sessions sit in buckets of
// `resolutionMs` by the time they next need attention, and a single interval visits the buckets
// that are due. A timer per socket would cost a Timeout object each and, for token expiry, one
// timer list per distinct delay; here a socket costs one Set membership.
export interface Ticking {
  /** Does what is due at `now`; returns when to be visited next, or undefined to drop out. */
  tick(now: number): number | undefined;
}

export class Ticker<T extends Ticking> {
  private readonly buckets = new Map<number, Set<T>>();
  private readonly bucketOf = new Map<T, number>();
  private readonly timer: NodeJS.Timeout;
  private nextBucket: number;

  constructor(private readonly resolutionMs: number, private readonly now: () => number = Date.now) {
    this.nextBucket = Math.floor(now() / resolutionMs);
    this.timer = setInterval(() => this.run(), resolutionMs);
    this.timer.unref();
  }

  schedule(item: T, dueAt: number): void {
    this.cancel(item);
    const bucket = Math.max(Math.ceil(dueAt / this.resolutionMs), this.nextBucket);
    let set = this.buckets.get(bucket);
    if (!set) {
      set = new Set();
      this.buckets.set(bucket, set);
    }
    set.add(item);
    this.bucketOf.set(item, bucket);
  }

  cancel(item: T): void {
    const bucket = this.bucketOf.get(item);
    if (bucket === undefined) return;
    this.bucketOf.delete(item);
    const set = this.buckets.get(bucket);
    set?.delete(item);
    if (set?.size === 0) this.buckets.delete(bucket);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private run(): void {
    const now = this.now();
    const last = Math.floor(now / this.resolutionMs);
    for (let b = this.nextBucket; b <= last; b += 1) {
      const set = this.buckets.get(b);
      if (!set) continue;
      this.buckets.delete(b);
      for (const item of set) {
        this.bucketOf.delete(item);
        const next = item.tick(now);
        if (next !== undefined) this.schedule(item, next);
      }
    }
    this.nextBucket = last + 1;
  }
}
