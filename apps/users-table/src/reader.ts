// The read side of the users table, for every app that joins or checks users (the enrichers, the
// recommender): the latest UserProfile per user as the users-table role stores it in Redis, the
// attributes an enriched event carries, and the one rule for "this user was deleted" (the
// deletion marker forgetUser sets, without a profile: a user re-created under the same id has a
// profile again and counts as present).
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { UserAttributes, UserProfile } from '@tessera/contracts/schemas/user-profile';
import { tableReader } from '@tessera/streams/table';
import type { Redis } from 'ioredis';

export type LookupUser = (userId: string) => Promise<UserProfile | null>;

/** Looks a user up in the table; null when not replicated yet or deleted (a normal outcome). */
export function usersTableLookup(redis: Redis): LookupUser {
  const table = tableReader<'users.v1'>(redis, redisKeys.userProfile);
  return (userId) => table.get(userId);
}

/** A profile reduced to what an enriched event carries (no event envelope), or nothing. */
export function userAttributes(profile: UserProfile | null): UserAttributes | undefined {
  if (profile === null) return undefined;
  const { eventId: _e, occurredAt: _o, receivedAt: _r, userId: _u, ...attributes } = profile;
  return attributes;
}

/**
 * The deletion rule, from two EXISTS replies read together (`userForgotten`, `userProfile`):
 * forgotten = the marker is set and no profile came back since.
 */
export function isForgotten(markerExists: unknown, profileExists: unknown): boolean {
  return markerExists === 1 && profileExists === 0;
}
