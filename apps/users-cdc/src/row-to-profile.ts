// Maps a row of the users table (snake_case columns, values as node-postgres parses them) to a
// UserProfile and validates it against the contract. A row that cannot become a valid profile is
// returned as an error (data, not an exception) so the caller dead-letters it and moves on.
import type { ValidationIssue } from '@tessera/contracts/issues';
import { ID_PATTERN } from '@tessera/contracts/schemas/primitives';
import type { UserProfile } from '@tessera/contracts/schemas/user-profile';
import { validators } from '@tessera/contracts/validation';

export type Row = Readonly<Record<string, unknown>>;

/**
 * The columns a profile is made of. Everything else in the row (email, names, whatever a
 * migration adds) is account data: it never leaves users-cdc, not even in a dead letter.
 */
export const PROFILE_COLUMNS = ['user_id', 'created_at', 'updated_at', 'age_band', 'country', 'region', 'languages', 'interests', 'time_zone'] as const;

/** The row with only the profile columns, and the names of the columns left out. */
export function minimizedRow(row: Row): { row: Row; redacted: string[] } {
  const kept: Record<string, unknown> = {};
  const redacted: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if ((PROFILE_COLUMNS as readonly string[]).includes(column)) kept[column] = value;
    else redacted.push(column);
  }
  return { row: kept, redacted: redacted.sort() };
}

export interface ChangeMeta {
  readonly eventId: string;
  /** Commit time for a change; the row's updated_at for a snapshot row. */
  readonly occurredAt: number;
  readonly receivedAt: number;
}

export interface RowError {
  readonly code: 'schema_violation';
  readonly retriable: false;
  readonly message: string;
  readonly issues: readonly ValidationIssue[];
}

export type ProfileResult = { ok: true; profile: UserProfile } | { ok: false; error: RowError };

export function rowToProfile(row: Row, meta: ChangeMeta): ProfileResult {
  const candidate: Record<string, unknown> = {
    eventId: meta.eventId,
    occurredAt: meta.occurredAt,
    receivedAt: meta.receivedAt,
    userId: row.user_id,
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
    languages: row.languages ?? [],
    interests: row.interests ?? [],
  };
  // Optional attributes: SQL NULL means unknown, which the contract spells as an absent field.
  setIfPresent(candidate, 'ageBand', row.age_band);
  setIfPresent(candidate, 'country', row.country);
  setIfPresent(candidate, 'region', row.region);
  setIfPresent(candidate, 'timeZone', row.time_zone);
  const parsed = validators.UserProfile.parse(candidate);
  if (parsed.ok) return { ok: true, profile: parsed.value };
  return {
    ok: false,
    error: {
      code: 'schema_violation',
      retriable: false,
      message: parsed.error.message,
      issues: parsed.error.issues ?? [],
    },
  };
}

/** The user id of a row (for keys and tombstones), or null when it is not a valid id. */
export function rowUserId(row: Row | null | undefined): string | null {
  const id = row?.user_id;
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH && USER_ID.test(id) ? id : null;
}

// The contract's id rule (primitives.Id: pattern, at most 64 characters).
const USER_ID = new RegExp(ID_PATTERN);
const MAX_ID_LENGTH = 64;

function epochMs(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  return value; // anything else fails validation with a clear path
}

function setIfPresent(target: Record<string, unknown>, field: string, value: unknown): void {
  if (value !== null && value !== undefined) target[field] = value;
}
