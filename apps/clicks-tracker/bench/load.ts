// A closed-loop HTTP load: `concurrency` clients each POST one 50-event batch, wait for the
// answer, and POST the next, until `requests` were sent. Every batch belongs to one of `users`
// users (its own token, as phones do). Returns events/s accepted and request latency percentiles.
import { randomBytes } from 'node:crypto';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';

export interface LoadResult {
  readonly events: number;
  readonly ms: number;
  readonly p50: number;
  readonly p99: number;
}

const FEED = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

/** UUIDv7-shaped (the contract's eventId format), random. */
function eventId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function tokensFor(secret: string, userIds: readonly string[]): Promise<string[]> {
  return Promise.all(userIds.map((userId) => signDeviceToken(secret, { userId, deviceId: 'bench-device' })));
}

function batch(userId: string, size: number): string {
  const now = Date.now();
  const events = Array.from({ length: size }, (_, i) => ({
    eventId: eventId(), occurredAt: now - 1000, userId, deviceId: 'bench-device',
    type: i % 5 === 0 ? 'impression' : 'click', contentId: `c-${i}`, feedId: FEED, position: i % 10,
    ...(i % 5 === 0 ? { onScreenMs: 1500 } : {}),
  }));
  return JSON.stringify({ events });
}

export async function runLoad(url: string, options: { userIds: readonly string[]; tokens: readonly string[]; requests: number; concurrency: number; batchSize: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let sent = 0;
  let accepted = 0;
  const client = async () => {
    while (sent < options.requests) {
      const n = sent++;
      const u = n % options.userIds.length;
      const body = batch(options.userIds[u] as string, options.batchSize);
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${options.tokens[u]}` } });
      const json = (await res.json()) as { accepted?: number };
      latencies.push(performance.now() - started);
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
      accepted += json.accepted ?? 0;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const ms = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { events: accepted, ms, p50: at(0.5), p99: at(0.99) };
}
