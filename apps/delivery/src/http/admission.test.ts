import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission.js';

describe('admission control', () => {
  it('admits a burst of one second, then the rate, and spreads the retries of what it refuses', () => {
    let now = 0;
    const admission = createAdmission({ maxConnections: 1000, ratePerSec: 10, now: () => now, random: () => 0.999 });
    const first = Array.from({ length: 30 }, () => admission.admit(0));
    expect(first.filter((a) => a.ok)).toHaveLength(10);
    const refused = first.filter((a) => !a.ok);
    expect(refused[0]).toMatchObject({ code: 'connection_rate_limited' });
    // 20 refused at 10/s: the last is told to come back within ~2 s, not all at once after 1 s.
    expect(refused.map((a) => (a.ok ? 0 : a.retryAfterSec)).at(-1)).toBe(2);
    now += 500;
    expect(Array.from({ length: 10 }, () => admission.admit(0)).filter((a) => a.ok)).toHaveLength(5);
  });

  it('refuses above the connection cap and while draining', () => {
    const admission = createAdmission({ maxConnections: 2, ratePerSec: 100 });
    expect(admission.admit(1).ok).toBe(true);
    expect(admission.admit(2)).toMatchObject({ ok: false, code: 'too_many_connections' });
    admission.startDraining();
    expect(admission.admit(0)).toMatchObject({ ok: false, code: 'draining' });
    expect(admission.draining).toBe(true);
  });
});
