// beacon under load: devices post their unlock beacons (one or a small batch) to POST /v1/beacons
// with their own device token; every beacon must be 202, durably on beacons.v1.
//   smoke: 1 VU, 4 requests.
//   load:  RATE requests/s (default 200) for DURATION (default 5m), batches of BATCH (default 1).
//   soak:  a tenth of that rate for 30 minutes.
// Targets (thresholds): p(99) ≤ 150 ms at load, no failed request, every check held.
import { check } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { uuidv7 } from './lib/ids.ts';
import { baseUrl, count, profile, runId } from './lib/target.ts';
import { deviceToken } from './lib/token.ts';

const BEACON = baseUrl('BEACON_URL');
const RUN = runId();
const beacons = new Counter('beacons_accepted');
const LOCALES = [['en-GB', 'GB', 'Europe/London'], ['de-DE', 'DE', 'Europe/Berlin'], ['es-ES', 'ES', 'Europe/Madrid'], ['fr-FR', 'FR', 'Europe/Paris']] as const;

const shapes: Record<string, Options['scenarios']> = {
  smoke: { beacons: { executor: 'shared-iterations', vus: 1, iterations: 4, maxDuration: '60s' } },
  load: { beacons: { executor: 'constant-arrival-rate', rate: count('RATE', 200), timeUnit: '1s', duration: __ENV.DURATION ?? '5m', preAllocatedVUs: 20, maxVUs: 200 } },
  soak: { beacons: { executor: 'constant-arrival-rate', rate: Math.max(1, Math.floor(count('RATE', 200) / 10)), timeUnit: '1s', duration: '30m', preAllocatedVUs: 5, maxVUs: 50 } },
  storm: { beacons: { executor: 'shared-iterations', vus: 50, iterations: 10_000, maxDuration: '5m' } },
};

export const options: Options = {
  scenarios: shapes[profile()],
  thresholds: {
    http_req_failed: ['rate==0'],
    http_req_duration: [profile() === 'smoke' ? 'p(99)<5000' : 'p(99)<150'],
    checks: ['rate==1'],
    beacons_accepted: ['count>0'],
  },
};

export default function () {
  const n = (__VU * 1_000 + __ITER) % count('DEVICES', 10_000);
  const userId = `${RUN}-u${n}`;
  const deviceId = `${RUN}-d${n}`;
  const [locale, country, timeZone] = LOCALES[n % LOCALES.length]!;
  const batch = Array.from({ length: count('BATCH', 1) }, () => ({
    eventId: uuidv7(), occurredAt: Date.now(), userId, deviceId, appState: 'locked', screenOn: true,
    locale, country, timeZone, platform: n % 2 === 0 ? 'android' : 'ios', appVersion: '3.4.0',
  }));
  const res = http.post(`${BEACON}/v1/beacons`, JSON.stringify(batch.length === 1 ? batch[0] : batch), {
    headers: { authorization: `Bearer ${deviceToken(userId, deviceId)}`, 'content-type': 'application/json' },
    tags: { name: 'POST /v1/beacons' },
  });
  const body = res.status === 202 ? (res.json() as { accepted: number }) : undefined;
  check(res, {
    'beacon answered 202': (r) => r.status === 202,
    'every beacon accepted': () => body?.accepted === batch.length,
  });
  if (body) beacons.add(body.accepted);
}
