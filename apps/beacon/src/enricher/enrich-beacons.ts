// The beacon enricher's work for one batch: join each beacon with the user's current profile,
// publish the enriched beacons, then update the active-user registry. Publishing first means a
// crash in between replays the batch (at-least-once on beacons.enriched.v1, the registry writes
// are idempotent); nothing is dropped, and an unknown user yields a beacon without attributes.
import type { Beacon } from '@tessera/contracts/schemas/beacon';
import type { EnrichedBeacon } from '@tessera/contracts/schemas/enriched';
import type { ActiveRegistry } from './active-registry.js';
import { userAttributes } from './attributes.js';
import type { LookupUser } from './attributes.js';
import type { EnricherMetrics } from './metrics.js';

export interface EnrichBeaconsDeps {
  readonly lookupUser: LookupUser;
  readonly publish: (beacons: readonly EnrichedBeacon[]) => Promise<void>;
  readonly registry: Pick<ActiveRegistry, 'record'>;
  readonly metrics: EnricherMetrics;
  readonly now?: () => number;
}

export function createBeaconEnricher(deps: EnrichBeaconsDeps): (beacons: readonly Beacon[]) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (beacons) => {
    const users = new Map<string, ReturnType<typeof userAttributes>>();
    for (const userId of new Set(beacons.map((b) => b.userId))) users.set(userId, userAttributes(await deps.lookupUser(userId)));
    const enrichedAt = now();
    const enriched = beacons.map((b): EnrichedBeacon => {
      const user = users.get(b.userId);
      return user ? { ...b, enrichedAt, user } : { ...b, enrichedAt };
    });
    await deps.publish(enriched);
    await deps.registry.record(enriched);
    for (const e of enriched) deps.metrics.enriched.inc({ user: e.user ? 'found' : 'missing' });
  };
}
