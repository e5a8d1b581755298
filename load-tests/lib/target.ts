// Where a script sends its traffic and how hard: every address comes from the environment
// (`-e DELIVERY_URL=…`), with the local stack's defaults, and nothing else is ever contacted.
// PROFILE picks a bounded load shape (smoke by default: the safest).
export type Profile = 'smoke' | 'load' | 'soak' | 'storm';

export function profile(): Profile {
  const value = __ENV.PROFILE ?? 'smoke';
  if (!['smoke', 'load', 'soak', 'storm'].includes(value)) throw new Error(`PROFILE must be smoke, load, soak or storm, not "${value}"`);
  return value as Profile;
}

export function baseUrl(name: 'DELIVERY_URL' | 'BEACON_URL' | 'CLICKS_URL'): string {
  const defaults = { DELIVERY_URL: 'http://127.0.0.1:8083', BEACON_URL: 'http://127.0.0.1:8081', CLICKS_URL: 'http://127.0.0.1:8082' };
  const value = (__ENV[name] ?? defaults[name]).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(value)) throw new Error(`${name} must be a scheme and host (http(s)://host:port), not "${value}"`);
  return value;
}

/** A positive integer from the environment, or the profile's default. */
export function count(name: string, fallback: number): number {
  const raw = __ENV[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

/** Run-unique user ids: RUN_ID (default: the start time) keeps runs apart in the dedup windows and feeds. */
export function runId(): string {
  return __ENV.RUN_ID ?? `k6${Date.now().toString(36)}`;
}
