// Beacon: a device heartbeat as accepted by the beacon app (beacons.v1, key = userId). It is how
// the system knows who is active, in which state and where (coarsely).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  Country, DeviceId, EventId, Language, OccurredAt, ReceivedAt, StringEnum, Subdivision, TimeZone,
  UserId,
} from './primitives.js';

// "locked" is the moment a lock-screen card matters most; "foreground" means the app itself is open.
export const APP_STATES = ['foreground', 'background', 'locked'] as const;
export const PLATFORMS = ['ios', 'android', 'web'] as const;

export const Beacon = Type.Object(
  {
    eventId: EventId(),
    occurredAt: OccurredAt(),
    receivedAt: ReceivedAt(),
    userId: UserId(),
    deviceId: DeviceId(),
    appState: StringEnum(APP_STATES),
    screenOn: Type.Optional(Type.Boolean({ description: 'Screen on; only meaningful when locked' })),
    locale: Language('Device locale as BCP 47 (language[-Script][-Region])'),
    country: Type.Optional(Country('Coarse location: country from IP or OS, ISO 3166-1 alpha-2')),
    region: Type.Optional(Subdivision('Coarse location: subdivision, ISO 3166-2')),
    timeZone: Type.Optional(TimeZone()),
    platform: StringEnum(PLATFORMS),
    appVersion: Type.String({ pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+(?:[-+][0-9A-Za-z.-]+)?$', maxLength: 32, description: 'Semantic version of the app' }),
    osVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Operating system version as reported' })),
  },
  { title: 'Beacon', description: 'Device heartbeat; the value of beacons.v1' },
);
export type Beacon = Static<typeof Beacon>;
export type AppState = (typeof APP_STATES)[number];
export type Platform = (typeof PLATFORMS)[number];
