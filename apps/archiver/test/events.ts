// Events for the Kafka tests, from the contracts' example builders with unique event ids, all in
// one event-time hour so file boundaries depend only on offsets and ARCHIVE_MAX_RECORDS.
import { exampleBeacon, exampleContentItem, exampleEnrichedInteraction, exampleUserProfile } from '@tessera/contracts/examples';
import type { Beacon } from '@tessera/contracts/schemas/beacon';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { EnrichedInteraction } from '@tessera/contracts/schemas/enriched';
import type { UserProfile } from '@tessera/contracts/schemas/user-profile';

export const HOUR_START = Date.UTC(2026, 10, 22, 9);
export const eventId = (n: number) => `01890a5d-ac96-7000-8000-${n.toString(16).padStart(12, '0')}`;

export function interactions(n: number, from = 0): EnrichedInteraction[] {
  return Array.from({ length: n }, (_, i) => {
    const occurredAt = HOUR_START + (from + i) * 1000;
    return exampleEnrichedInteraction({ eventId: eventId(1_000 + from + i), occurredAt, receivedAt: occurredAt + 100, enrichedAt: occurredAt + 200, userId: `u-${(from + i) % 11}`, position: i % 5 });
  });
}

export const beacon = (n: number): Beacon => exampleBeacon({ eventId: eventId(2_000 + n), occurredAt: HOUR_START + n, receivedAt: HOUR_START + n + 50, userId: `u-${n}` });
export const content = (contentId: string): ContentItem => exampleContentItem({ eventId: eventId(3_000 + Number(contentId.slice(2))), contentId, occurredAt: HOUR_START + 5, receivedAt: HOUR_START + 6 });
export const profile = (userId: string): UserProfile => exampleUserProfile({ eventId: eventId(4_000 + Number(userId.slice(2))), userId, occurredAt: HOUR_START + 7, receivedAt: HOUR_START + 8 });
