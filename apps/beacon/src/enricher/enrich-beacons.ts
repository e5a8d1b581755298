// The beacon enricher's work for one batch: drop eventIds already emitted (a phone retrying
// after a lost 202), join each beacon with the user's current profile, publish the enriched
// beacons, then mark their ids and update the active-user registry. Publishing first means a
// crash in between replays the batch (at-least-once on beacons.enriched.v1, the registry writes
// are idempotent); nothing is dropped, and an unknown user yields a beacon without attributes.
import type { Beacon } from '@tessera/contracts/schemas/beacon';
import type { EnrichedBeacon } from '@tessera/contracts/schemas/enriched';
import { freshEvents } from '@tessera/event-dedup/window';
import type { DedupWindow } from '@tessera/event-dedup/window';
import type { ActiveRegistry } from './active-registry.js';
import { userAttributes } from './attributes.js';
import type { LookupUser } from './attributes.js';
import type { EnricherMetrics } from './metrics.js';

export interface EnrichBeaconsDeps {
  readonly lookupUser: LookupUser;
  readonly publish: (beacons: readonly EnrichedBeacon[]) => Promise<void>;
  readonly registry: Pick<ActiveRegistry, 'record'>;
  readonly dedup: DedupWindow;
  readonly metrics: EnricherMetrics;
  readonly now?: () => number;
}

export function createBeaconEnricher(deps: EnrichBeaconsDeps): (beacons: readonly Beacon[]) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (batch) => {
    const beacons = await freshEvents(deps.dedup, batch);
    const dropped = batch.length - beacons.length;
    if (dropped > 0) deps.metrics.duplicates.inc(dropped);
    if (beacons.length === 0) return;
    const users = new Map<string, ReturnType<typeof userAttributes>>();
    for (const userId of new Set(beacons.map((b) => b.userId))) users.set(userId, userAttributes(await deps.lookupUser(userId)));
    const enrichedAt = now();
    const enriched = beacons.map((b): EnrichedBeacon => {
      const user = users.get(b.userId);
      return user ? { ...b, enrichedAt, user } : { ...b, enrichedAt };
    });
    await deps.publish(enriched);
    await deps.dedup.mark(beacons);
    await deps.registry.record(enriched);
    for (const e of enriched) deps.metrics.enriched.inc({ user: e.user ? 'found' : 'missing' });
  };
}
