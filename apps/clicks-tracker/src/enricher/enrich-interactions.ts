// The interactions enricher's work for one batch: drop eventIds already emitted (within the
// window, or earlier in the same batch), join the rest with the user's current profile, publish
// them, and only then mark their ids as emitted (see @tessera/event-dedup for why that order).
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { Interaction } from '@tessera/contracts/schemas/interaction';
import { freshEvents } from '@tessera/event-dedup/window';
import type { DedupWindow } from '@tessera/event-dedup/window';
import { userAttributes } from './attributes.js';
import type { LookupUser } from './attributes.js';
import type { EnricherMetrics } from './metrics.js';

export interface EnrichInteractionsDeps {
  readonly lookupUser: LookupUser;
  readonly publish: (events: readonly EnrichedInteraction[]) => Promise<void>;
  readonly dedup: DedupWindow;
  readonly metrics: EnricherMetrics;
  readonly now?: () => number;
}

export function createInteractionEnricher(deps: EnrichInteractionsDeps): (events: readonly Interaction[]) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (events) => {
    const fresh = await freshEvents(deps.dedup, events);
    const dropped = events.length - fresh.length;
    if (dropped > 0) deps.metrics.duplicates.inc(dropped);
    if (fresh.length === 0) return;

    const users = new Map<string, ReturnType<typeof userAttributes>>();
    for (const userId of new Set(fresh.map((e) => e.userId))) users.set(userId, userAttributes(await deps.lookupUser(userId)));
    const enrichedAt = now();
    const enriched = fresh.map((e): EnrichedInteraction => {
      const user = users.get(e.userId);
      return user ? { ...e, enrichedAt, user } : { ...e, enrichedAt };
    });
    await deps.publish(enriched);
    await deps.dedup.mark(fresh);
    for (const e of enriched) deps.metrics.enriched.inc({ user: e.user ? 'found' : 'missing' });
  };
}
