// The join's right side: a UserProfile from the users table reduced to the attributes an
// enriched event carries (the profile without its own event envelope), or nothing for a user
// the table does not know (not replicated yet, or deleted), which is a normal outcome.
import type { UserAttributes, UserProfile } from '@tessera/contracts/schemas/user-profile';

export type LookupUser = (userId: string) => Promise<UserProfile | null>;

export function userAttributes(profile: UserProfile | null): UserAttributes | undefined {
  if (profile === null) return undefined;
  const { eventId: _e, occurredAt: _o, receivedAt: _r, userId: _u, ...attributes } = profile;
  return attributes;
}
