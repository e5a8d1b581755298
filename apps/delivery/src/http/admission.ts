// Admission control, decided before the upgrade and before the token is checked (verifying a JWT
// is the expensive part of a handshake): at most `maxConnections` sockets on the node (open plus
// upgrading), at most `ratePerSec` new ones per second (token bucket, burst = one second's worth),
// and none while draining. A refusal says when to come back: for the rate, long enough to clear
// the refusals of the last second at the allowed rate, spread at random over that span so a
// reconnect storm comes back as a ramp rather than a second wave.
export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'too_many_connections' | 'connection_rate_limited' | 'draining'; readonly retryAfterSec: number };

export interface AdmissionControl {
  admit(connections: number): Admission;
  startDraining(): void;
  readonly draining: boolean;
}

export interface AdmissionOptions {
  readonly maxConnections: number;
  readonly ratePerSec: number;
  readonly now?: () => number;
  readonly random?: () => number;
}

export function createAdmission(options: AdmissionOptions): AdmissionControl {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { maxConnections, ratePerSec } = options;
  let tokens = ratePerSec;
  let refilledAt = now();
  let refusedWindowStart = now();
  let refusedInWindow = 0;
  let draining = false;

  const refuse = (code: 'too_many_connections' | 'connection_rate_limited', minSec: number): Admission => {
    const t = now();
    if (t - refusedWindowStart >= 1000) {
      refusedWindowStart = t;
      refusedInWindow = 0;
    }
    refusedInWindow += 1;
    const spreadSec = Math.max(minSec, Math.ceil(refusedInWindow / ratePerSec));
    return { ok: false, code, retryAfterSec: minSec + Math.floor(random() * spreadSec) };
  };

  return {
    admit(connections) {
      if (draining) return { ok: false, code: 'draining', retryAfterSec: 1 };
      if (connections >= maxConnections) return refuse('too_many_connections', 5);
      const t = now();
      tokens = Math.min(ratePerSec, tokens + ((t - refilledAt) / 1000) * ratePerSec);
      refilledAt = t;
      if (tokens < 1) return refuse('connection_rate_limited', 1);
      tokens -= 1;
      return { ok: true };
    },
    startDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}
