import { describe, expect, it } from 'vitest';
import { MembershipClock } from './membership-watchdog.js';

describe('MembershipClock', () => {
  it('a fetch more than one session timeout after the last proof means membership is lost, reported once', () => {
    const clock = new MembershipClock(1000, 0);
    expect(clock.fetched(1000)).toBeUndefined(); // exactly the session timeout: still tolerated
    clock.proof(900);
    expect(clock.fetched(1800)).toBeUndefined();
    expect(clock.fetched(1901)).toMatch(/^fetching 1001 ms after the last heartbeat, commit or join \(session timeout 1000 ms\)/);
    expect(clock.fetched(5000)).toBeUndefined();
  });

  it('a long silence without fetches (a held JoinGroup) is not a loss; proofs never move back', () => {
    const clock = new MembershipClock(1000, 0);
    clock.proof(60_000); // the join completed a minute later, nothing fetched meanwhile
    clock.proof(10);
    expect(clock.fetched(60_500)).toBeUndefined();
  });
});
