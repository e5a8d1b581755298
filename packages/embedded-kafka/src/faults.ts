// Owns request interception for tests (kfake's ControlKey/KeepControl/DropControl/SleepControl as a
// public API): a rule matches an API key (and optionally a predicate over the decoded request) and
// delays it, fails it with an error code without touching state, or drops the response after the
// request took effect (the socket is closed). Rules fire once by default, or N times, or forever.
// Observers see every decoded request, which is how tests count e.g. Fetch round trips.
export interface FaultRule {
  apiKey: number;
  /** How many matching requests the rule applies to (default 1; Infinity = until removed). */
  times?: number;
  /** Only requests for which this returns true match. */
  match?: (body: Record<string, unknown>, apiVersion: number) => boolean;
  /** Wait this long before handling (combines with error/drop). */
  delayMs?: number;
  /** Answer with this error code and do not run the request. */
  errorCode?: number;
  /** Run the request, then close the connection instead of answering. */
  drop?: boolean;
}

export interface FaultHandle {
  /** How many times the rule has fired so far. */
  readonly fired: number;
  remove(): void;
}

export interface RequestEvent { apiKey: number; apiVersion: number; clientId: string | null; body: Record<string, unknown> }

export type FaultAction = Required<Pick<FaultRule, 'delayMs' | 'drop'>> & { errorCode: number | undefined };

interface ActiveRule { rule: FaultRule; left: number; fired: number }

export class Faults {
  private rules: ActiveRule[] = [];
  private observers = new Set<(e: RequestEvent) => void>();

  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, left: rule.times ?? 1, fired: 0 };
    this.rules.push(active);
    return {
      get fired() { return active.fired; },
      remove: () => { this.rules = this.rules.filter((r) => r !== active); },
    };
  }

  /** Calls `fn` for every decoded request; returns the unsubscribe function. */
  observe(fn: (e: RequestEvent) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  clear(): void {
    this.rules = [];
  }

  /** Called by the server for each request: notifies observers and consumes the first matching rule. */
  take(e: RequestEvent): FaultAction | null {
    for (const fn of this.observers) fn(e);
    const hit = this.rules.find((r) => r.rule.apiKey === e.apiKey && r.left > 0 && (r.rule.match?.(e.body, e.apiVersion) ?? true));
    if (!hit) return null;
    hit.left -= 1;
    hit.fired += 1;
    if (hit.left <= 0) this.rules = this.rules.filter((r) => r !== hit);
    return { delayMs: hit.rule.delayMs ?? 0, drop: hit.rule.drop ?? false, errorCode: hit.rule.errorCode };
  }
}
