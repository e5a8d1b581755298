// The simulated people: @tessera/population's seeded users (a public profile, and hidden category
// and source preferences only the click model knows) plus what a phone needs (its locale and
// platform) and an activity rhythm: each person unlocks their phone on average every
// `meanUnlockMs / activity`, so a few heavy users unlock often and most rarely, as in real traffic.
// The same seed gives the same people.
import { generateUsers } from '@tessera/population/users';
import type { SimUser } from '@tessera/population/users';

export interface Person extends SimUser {
  readonly locale: string;
  readonly platform: 'ios' | 'android';
  /** Mean time between two unlocks of this person's phone. */
  readonly meanUnlockMs: number;
}

export interface PeopleOptions {
  readonly count: number;
  readonly seed: number;
  /** Prepended to user and device ids ("sim-" gives sim-u1 / sim-d1), so runs can keep apart. */
  readonly idPrefix?: string;
  /** Mean unlock interval of a person of activity 1 (default 20 s). */
  readonly meanUnlockMs?: number;
  readonly createdAtMs?: number;
}

const LOCALES: Record<string, string> = { en: 'en-GB', de: 'de-DE', es: 'es-ES', fr: 'fr-FR' };

export function simulatedPeople(options: PeopleOptions): Person[] {
  const prefix = options.idPrefix ?? 'sim-';
  const meanUnlockMs = options.meanUnlockMs ?? 20_000;
  return generateUsers({ users: options.count, seed: options.seed, createdAtMs: options.createdAtMs ?? 1_767_225_600_000 }).map((user, i) => ({
    ...user,
    userId: `${prefix}u${i + 1}`,
    deviceId: `${prefix}d${i + 1}`,
    locale: LOCALES[user.profile.languages[0] ?? 'en'] ?? 'en-GB',
    platform: i % 2 === 0 ? 'android' : 'ios',
    meanUnlockMs: meanUnlockMs / user.hidden.activity,
  }));
}
