// The enrichers' join with the users table (beacon's and clicks-tracker's enricher roles run the
// same step): one lookup per distinct user, the user's attributes on each of their events (none
// for an unknown user) and the enrichment time, between the eventId dedup window and publishing.
// What differs per enricher (its topics, the active registry) stays in the app.
import type { UserAttributes } from '@tessera/contracts/schemas/user-profile';
import { freshEvents } from '@tessera/event-dedup/window';
import type { DedupWindow, EventRef } from '@tessera/event-dedup/window';
import type { Counter } from 'prom-client';
import { userAttributes } from './reader.js';
import type { LookupUser } from './reader.js';

export type Joined<E> = E & { readonly enrichedAt: number; readonly user?: UserAttributes };

export async function joinUsers<E extends { readonly userId: string }>(events: readonly E[], lookupUser: LookupUser, now: number): Promise<Joined<E>[]> {
  const users = new Map<string, UserAttributes | undefined>();
  for (const userId of new Set(events.map((e) => e.userId))) users.set(userId, userAttributes(await lookupUser(userId)));
  return events.map((e) => {
    const user = users.get(e.userId);
    return user ? { ...e, enrichedAt: now, user } : { ...e, enrichedAt: now };
  });
}

export interface EnrichStepDeps<E> {
  readonly lookupUser: LookupUser;
  readonly dedup: DedupWindow;
  readonly publish: (events: readonly Joined<E>[]) => Promise<void>;
  /** Runs after publish and mark (e.g. the active registry); must be idempotent (a crash replays the batch). */
  readonly afterPublish?: (events: readonly Joined<E>[]) => Promise<void>;
  readonly metrics: { readonly duplicates: Counter<never>; readonly enriched: Counter<'user'> };
  readonly now?: () => number;
}

/**
 * One enricher batch: drop eventIds already emitted (within the window, or earlier in the same
 * batch), join the rest with the users table, publish, and only then mark the ids as emitted (see
 * @tessera/event-dedup for why that order) and run `afterPublish`. A crash in between replays the
 * batch: at least once downstream, nothing dropped; an unknown user yields an event without
 * attributes, counted as missing.
 */
export function createEnrichStep<E extends EventRef>(deps: EnrichStepDeps<E>): (events: readonly E[]) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (batch) => {
    const fresh = await freshEvents(deps.dedup, batch);
    const dropped = batch.length - fresh.length;
    if (dropped > 0) deps.metrics.duplicates.inc(dropped);
    if (fresh.length === 0) return;
    const enriched = await joinUsers(fresh, deps.lookupUser, now());
    await deps.publish(enriched);
    await deps.dedup.mark(fresh);
    await deps.afterPublish?.(enriched);
    for (const e of enriched) deps.metrics.enriched.inc({ user: e.user ? 'found' : 'missing' });
  };
}
