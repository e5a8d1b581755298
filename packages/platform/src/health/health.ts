// Owns liveness and readiness answers. Liveness only says the process can answer. Readiness runs
// every registered dependency check (each bounded by a timeout, all in parallel) and reports each
// one by name, so an operator reading a 503 sees which dependency failed and why.

export type DependencyCheck = (signal: AbortSignal) => unknown;

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly error?: string;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  readonly dependencies: Readonly<Record<string, DependencyStatus>>;
  /** Names of the dependencies that are down, for a quick read of a 503. */
  readonly failing: readonly string[];
}

export interface HealthOptions {
  /** Per-check budget when register() does not give one. */
  readonly timeoutMs?: number;
  /** When it answers true, readiness fails so load balancers stop routing during shutdown. */
  readonly isShuttingDown?: () => boolean;
}

export interface Health {
  register(name: string, check: DependencyCheck, options?: { timeoutMs?: number }): void;
  readiness(): Promise<ReadinessReport>;
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

async function runCheck(check: DependencyCheck, timeoutMs: number): Promise<DependencyStatus> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${timeoutMs}ms`));
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => check(controller.signal)), timeout]);
    return result === false ? { status: 'down', error: 'check reported not ready' } : { status: 'up' };
  } catch (error) {
    return { status: 'down', error: describeFailure(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealth(options: HealthOptions = {}): Health {
  const checks = new Map<string, { check: DependencyCheck; timeoutMs: number }>();
  const defaultTimeout = options.timeoutMs ?? 2_000;
  return {
    register(name, check, opts) {
      if (checks.has(name)) throw new Error(`readiness check ${name} is already registered`);
      checks.set(name, { check, timeoutMs: opts?.timeoutMs ?? defaultTimeout });
    },
    async readiness() {
      const entries = await Promise.all(
        [...checks].map(async ([name, { check, timeoutMs }]) => [name, await runCheck(check, timeoutMs)] as const),
      );
      if (options.isShuttingDown?.()) entries.push(['shutdown', { status: 'down', error: 'shutting down' }]);
      const failing = entries.filter(([, s]) => s.status === 'down').map(([name]) => name);
      return { status: failing.length === 0 ? 'ready' : 'not_ready', dependencies: Object.fromEntries(entries), failing };
    },
  };
}

export interface HealthResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

/** Liveness: reaching this code at all is the signal. */
export function liveness(): HealthResponse {
  return { statusCode: 200, body: { status: 'ok' } };
}

export async function readinessResponse(health: Health): Promise<HealthResponse> {
  const report = await health.readiness();
  return { statusCode: report.status === 'ready' ? 200 : 503, body: report };
}
