// A simulated lock-screen history archived the way the archiver writes it: content.v1 items and
// interactions.enriched.v1 events (users spread over three partitions) from the seeded population
// (packages/population), with the ground truth of every impression. The baseline model in the
// repository's models/ folder is trained on it, and the tests compare a trained model with the
// Bayes-optimal scorer on it.
import { archiveEvents } from '@tessera/archive/testing';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import { fnv1a } from '@tessera/features/hash';
import { generateCatalogue } from '@tessera/population/catalogue';
import { simulateImpressions } from '@tessera/population/impressions';
import { generateUsers } from '@tessera/population/users';
import type { TopicNames } from '@tessera/streams/topic-names';

export interface History {
  readonly events: EnrichedInteraction[];
  readonly truth: Map<string, number>;
  readonly now: number;
}

export interface HistoryOptions {
  readonly impressions: number;
  readonly hours: number;
  readonly seed: number;
  /** End of the simulated span. */
  readonly now: number;
  readonly items?: number;
  readonly users?: number;
}

export async function archiveHistory(store: Pick<ObjectStore, 'put'>, names: TopicNames, options: HistoryOptions): Promise<History> {
  const spanMs = options.hours * 3_600_000;
  const startMs = options.now - spanMs;
  const catalogue = generateCatalogue({ items: options.items ?? 300, seed: options.seed, startMs: startMs - 24 * 3_600_000, spanMs: spanMs + 24 * 3_600_000 - 60_000 });
  const users = generateUsers({ users: options.users ?? 250, seed: options.seed, createdAtMs: startMs - 86_400_000 });
  const log = simulateImpressions({ users, catalogue, impressions: options.impressions, startMs, spanMs: spanMs - 120_000, seed: options.seed });
  await archiveEvents(store, { topic: names.physical('content.v1'), values: catalogue.map((c) => c.item) as never, key: (v) => String(v.contentId) });
  await archiveEvents(store, {
    topic: names.physical('interactions.enriched.v1'), values: log.events as never, key: (v) => String(v.userId),
    partitionOf: (v) => fnv1a(String(v.userId)) % 3, perObject: 5_000,
  });
  return { events: log.events, truth: log.truth, now: options.now };
}
