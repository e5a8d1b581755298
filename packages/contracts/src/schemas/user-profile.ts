// UserProfile: the latest state of one user as published on users.v1 (key = userId; a null
// value means the account was deleted). Only attributes personalization needs: no names, no
// e-mail, no exact location, so nothing here needs masking downstream.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  Category, Country, EpochMs, EventId, Language, OccurredAt, ReceivedAt, StringEnum, Subdivision,
  TimeZone, UserId,
} from './primitives.js';
import { uniqueStrings } from './rule.js';
import type { Rule } from './rule.js';

// Bands instead of birth dates: enough for segments and the model, and not a birth date.
export const AGE_BANDS = ['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

export const UserProfile = Type.Object(
  {
    eventId: EventId('Id of this change; users-cdc derives it from the commit so a re-read keeps it'),
    occurredAt: OccurredAt(),
    receivedAt: ReceivedAt(),
    userId: UserId(),
    createdAt: EpochMs('Account creation time'),
    updatedAt: EpochMs('Last change of the row'),
    ageBand: Type.Optional(StringEnum(AGE_BANDS, { description: 'Absent when unknown' })),
    country: Type.Optional(Country('Home country, ISO 3166-1 alpha-2; absent when unknown')),
    region: Type.Optional(Subdivision('Home subdivision, ISO 3166-2')),
    languages: Type.Array(Language(), {
      maxItems: 8,
      description: 'Preferred content languages, most preferred first, no duplicates; empty = use the device locale',
    }),
    interests: Type.Array(Category(), { maxItems: 64, description: 'Declared interests, no duplicates' }),
    timeZone: Type.Optional(TimeZone()),
  },
  { title: 'UserProfile', description: 'A user; the value of users.v1 (null value = account deleted)' },
);
export type UserProfile = Static<typeof UserProfile>;
export type AgeBand = (typeof AGE_BANDS)[number];

// What the enrichers attach to events: the profile without its own event envelope. Derived
// with Omit so a new optional profile field reaches the enriched topics without a second edit.
export const UserAttributes = Type.Omit(UserProfile, ['eventId', 'occurredAt', 'receivedAt', 'userId'], {
  title: 'UserAttributes',
  description: 'Profile attributes joined by the enrichers from the users table',
});
export type UserAttributes = Static<typeof UserAttributes>;

/** Uniqueness of the set-like arrays, for a profile or attributes found at `base` ("" or "/user"). */
export function userAttributeRules<T>(base: string, get: (value: T) => UserAttributes | undefined): Rule<T>[] {
  return [
    uniqueStrings(`${base}/languages`, (x: T) => get(x)?.languages),
    uniqueStrings(`${base}/interests`, (x: T) => get(x)?.interests),
  ];
}

export const userProfileRules: Rule<UserProfile>[] = userAttributeRules('', (x: UserProfile) => x);
