// What the device edge refuses in an event beyond the contract, decided here once for every
// device-facing app: control characters in the text it stores, and an event time far ahead of
// the server's clock. The contract itself allows both (a tighter contract would dead-letter
// history and refuse what other producers may legitimately write); the edge is where a device's
// mistake can still be answered with a 4xx the device sees.
import type { ValidationIssue } from '@tessera/contracts/issues';
import { controlCharacterIssues } from '@tessera/contracts/untrusted';

/**
 * How far ahead of the server clock a device's `occurredAt` may be. Phone clocks drift and time
 * zones get mixed up (up to 14 h); beyond a day the clock is wrong, and the event would land in
 * a future archive folder, a future warehouse partition and windows that never close.
 */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/** Issues for a stripped, schema-valid device event; `now` is the server clock. */
export function deviceEventIssues(event: { readonly occurredAt: number }, now: number): ValidationIssue[] {
  const issues = controlCharacterIssues(event);
  if (event.occurredAt > now + MAX_CLOCK_AHEAD_MS) {
    issues.push({ path: '/occurredAt', code: 'maximum', message: 'is more than 24 h ahead of the server clock (check the device clock)' });
  }
  return issues;
}
