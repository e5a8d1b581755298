// One simulated phone: what it sends on each tick. A beacon (locked screen, switched on), then,
// once content is known, an impression of up to three cards from one made-up feed (there is no
// recommender yet, so the phone draws cards from content.v1) and now and then a click on one.
// Requests are built here and sent by the caller; this module does no I/O.
import { v7 as uuidv7 } from 'uuid';
import type { DemoUser } from '../demo-users.js';

export interface DeviceRequest {
  readonly path: '/v1/beacons' | '/v1/interactions';
  readonly body: unknown;
}

export function beaconOf(user: DemoUser, now: number): DeviceRequest {
  return {
    path: '/v1/beacons',
    body: {
      eventId: uuidv7(), occurredAt: now, userId: user.userId, deviceId: user.deviceId,
      appState: 'locked', screenOn: true, locale: user.locale, country: user.country,
      ...(user.region ? { region: user.region } : {}),
      timeZone: user.timeZone, platform: user.platform, appVersion: '3.4.0',
    },
  };
}

/** Undefined when there is nothing to show yet. `random` in [0, 1), injectable for tests. */
export function interactionsOf(user: DemoUser, contentIds: readonly string[], now: number, random: () => number = Math.random): DeviceRequest | undefined {
  if (contentIds.length === 0) return undefined;
  const feedId = uuidv7();
  const shown = Array.from({ length: Math.min(3, contentIds.length) }, () => contentIds[Math.floor(random() * contentIds.length)] as string);
  const base = { userId: user.userId, deviceId: user.deviceId, feedId, surface: 'lock_screen' };
  const events: object[] = shown.map((contentId, position) => ({
    ...base, eventId: uuidv7(), occurredAt: now, type: 'impression', contentId, position,
    onScreenMs: 300 + Math.floor(random() * 4_000),
  }));
  if (random() < 0.3) {
    events.push({ ...base, eventId: uuidv7(), occurredAt: now, type: 'click', contentId: shown[0], position: 0 });
  }
  return { path: '/v1/interactions', body: { events } };
}
