// clicks-tracker under load: devices post batches of interactions (impressions with on-screen
// time and some clicks) to POST /v1/interactions, each with its own device token. Every batch
// must come back 202 with all its events accepted (durably on interactions.v1).
//   smoke: 1 VU, 4 batches of 20 events.
//   load:  RATE batches/s (default 40, 50 events each = 2,000 interactions/s) for DURATION (default 5m).
//   soak:  a tenth of that rate for 30 minutes.
// Targets (thresholds): p(99) of the accepted response ≤ 250 ms at load, no failed request,
// every check held.
import { check } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { uuidv7 } from './lib/ids.ts';
import { baseUrl, count, profile, runId } from './lib/target.ts';
import { deviceToken } from './lib/token.ts';

const CLICKS = baseUrl('CLICKS_URL');
const RUN = runId();
const BATCH = count('BATCH', 50);
const accepted = new Counter('interactions_accepted');

const shapes: Record<string, Options['scenarios']> = {
  smoke: { batches: { executor: 'shared-iterations', vus: 1, iterations: 4, maxDuration: '60s' } },
  load: { batches: { executor: 'constant-arrival-rate', rate: count('RATE', 40), timeUnit: '1s', duration: __ENV.DURATION ?? '5m', preAllocatedVUs: 20, maxVUs: 200 } },
  soak: { batches: { executor: 'constant-arrival-rate', rate: Math.max(1, Math.floor(count('RATE', 40) / 10)), timeUnit: '1s', duration: '30m', preAllocatedVUs: 5, maxVUs: 50 } },
  storm: { batches: { executor: 'shared-iterations', vus: 50, iterations: 5_000, maxDuration: '5m' } },
};

export const options: Options = {
  scenarios: shapes[profile()],
  thresholds: {
    http_req_failed: ['rate==0'],
    http_req_duration: [profile() === 'smoke' ? 'p(99)<5000' : 'p(99)<250'],
    checks: ['rate==1'],
    interactions_accepted: ['count>0'],
  },
};

export default function () {
  const n = (__VU * 1_000 + __ITER) % count('DEVICES', 10_000);
  const userId = `${RUN}-u${n}`;
  const deviceId = `${RUN}-d${n}`;
  const feedId = uuidv7();
  const now = Date.now();
  const events = Array.from({ length: profile() === 'smoke' ? 20 : BATCH }, (_, i) => {
    const click = i % 10 === 9;
    return {
      eventId: uuidv7(), occurredAt: now, userId, deviceId, feedId, contentId: `k6-c${i % 10}`, position: i % 10, surface: 'lock_screen',
      ...(click ? { type: 'click' } : { type: 'impression', onScreenMs: 400 + (i * 137) % 3_000 }),
    };
  });
  const res = http.post(`${CLICKS}/v1/interactions`, JSON.stringify({ events }), {
    headers: { authorization: `Bearer ${deviceToken(userId, deviceId)}`, 'content-type': 'application/json' },
    tags: { name: 'POST /v1/interactions' },
  });
  const body = res.status === 202 ? (res.json() as { accepted: number; rejected: unknown[] }) : undefined;
  check(res, {
    'clicks-tracker answered 202': (r) => r.status === 202,
    'every event accepted': () => body?.accepted === events.length && body.rejected.length === 0,
  });
  if (body) accepted.add(body.accepted);
}
