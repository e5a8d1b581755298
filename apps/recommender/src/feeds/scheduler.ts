// Feed computations: at most `concurrency` at a time, and bursts for one user coalesced. A
// request for a user whose feed is being computed waits for the next computation, which covers
// every request that arrived meanwhile (one feed for a burst of clicks); the trigger stamped on it
// is the most significant of them and its time the latest. `request` resolves when a feed that
// covers the request has been computed and published (or skipped), so a consumer can commit.
import type { FeedTrigger } from '@tessera/contracts/schemas/feed';
import type { FeedRequest } from './compute.js';

const PRIORITY: Record<FeedTrigger, number> = {
  takedown: 6, breaking: 5, interaction: 4, beacon: 3, cold_start: 2, model_release: 1, schedule: 0,
};

interface Pending {
  request: FeedRequest;
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

function merge(a: FeedRequest, b: FeedRequest): FeedRequest {
  const winner = PRIORITY[b.trigger] > PRIORITY[a.trigger] ? b : a;
  const latest = (b.triggeredAt ?? 0) >= (a.triggeredAt ?? 0) ? b : a;
  return {
    userId: a.userId,
    trigger: winner.trigger,
    triggerEventId: latest.triggerEventId ?? winner.triggerEventId,
    triggeredAt: latest.triggeredAt ?? winner.triggeredAt,
    breaking: b.breaking ?? a.breaking,
  };
}

export interface FeedScheduler {
  request(request: FeedRequest): Promise<void>;
  /** Requests merged into another one's computation so far. */
  coalesced(): number;
  idle(): Promise<void>;
}

export function createFeedScheduler(run: (request: FeedRequest) => Promise<void>, concurrency: number): FeedScheduler {
  const waiting = new Map<string, Pending>();
  const running = new Set<string>();
  const queue: string[] = [];
  let active = 0;
  let merged = 0;
  let idleWaiters: (() => void)[] = [];

  const pump = () => {
    while (active < concurrency && queue.length > 0) {
      const userId = queue.shift()!;
      const pending = waiting.get(userId);
      if (!pending) continue;
      waiting.delete(userId);
      running.add(userId);
      active += 1;
      run(pending.request).then(
        () => { for (const w of pending.waiters) w.resolve(); },
        (error: unknown) => { for (const w of pending.waiters) w.reject(error); },
      ).finally(() => {
        active -= 1;
        running.delete(userId);
        if (waiting.has(userId)) queue.push(userId);
        pump();
        if (active === 0 && queue.length === 0) {
          const w = idleWaiters;
          idleWaiters = [];
          for (const wake of w) wake();
        }
      });
    }
  };

  return {
    request(request) {
      return new Promise<void>((resolve, reject) => {
        const pending = waiting.get(request.userId);
        if (pending) {
          merged += 1;
          pending.request = merge(pending.request, request);
          pending.waiters.push({ resolve, reject });
          return;
        }
        waiting.set(request.userId, { request, waiters: [{ resolve, reject }] });
        if (!running.has(request.userId)) queue.push(request.userId);
        pump();
      });
    },
    coalesced: () => merged,
    idle: () => (active === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
  };
}
