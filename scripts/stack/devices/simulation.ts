// The simulated devices of the local stack: one loop per demo user that signs a device JWT the
// way beacon's and clicks-tracker's dev mode expects (HS256 with the shared local key, sub = user,
// did = device; packages/device-auth), and every interval (with jitter, so the phones do not march
// in step) posts a beacon and a batch of interactions. One request per app per tick keeps each
// device far below the apps' per-device rate limits. stop() ends the loops: a sleeping device
// stops at once, one with a request in flight lets it finish (cutting it mid-request left an app's
// HTTP server waiting for that request until its shutdown deadline).
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import type { DemoUser } from '../demo-users.js';
import { beaconOf, interactionsOf } from './device.js';
import type { DeviceRequest } from './device.js';

const TOKEN_LIFETIME_SEC = 3_600;
// Longer than the apps' PUBLISH_TIMEOUT (10 s), after which they answer 503 themselves.
const REQUEST_TIMEOUT_MS = 15_000;

export interface SimulationSettings {
  readonly users: readonly DemoUser[];
  readonly beaconUrl: string;
  readonly clicksUrl: string;
  readonly secret: string;
  readonly intervalMs: number;
  readonly contentIds: () => readonly string[];
  readonly logger: { warn(fields: object, message: string): void };
}

export interface Simulation {
  /** Requests answered 202 so far, per path. */
  accepted(): Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

export function startSimulation(settings: SimulationSettings): Simulation {
  const abort = new AbortController();
  const accepted: Record<string, number> = {};
  const loops = settings.users.map((user) => runDevice(user));

  async function runDevice(user: DemoUser): Promise<void> {
    let token = '';
    let tokenExpiresAt = 0;
    while (!abort.signal.aborted) {
      await sleep(settings.intervalMs * (0.5 + Math.random()), abort.signal);
      if (abort.signal.aborted) return;
      const now = Date.now();
      if (now > tokenExpiresAt - 300_000) {
        token = await signDeviceToken(settings.secret, { userId: user.userId, deviceId: user.deviceId, expiresInSec: TOKEN_LIFETIME_SEC });
        tokenExpiresAt = now + TOKEN_LIFETIME_SEC * 1000;
      }
      await send(settings.beaconUrl, beaconOf(user, now), token, user);
      const interactions = interactionsOf(user, settings.contentIds(), now);
      if (interactions && !abort.signal.aborted) await send(settings.clicksUrl, interactions, token, user);
    }
  }

  async function send(baseUrl: string, request: DeviceRequest, token: string, user: DemoUser): Promise<void> {
    try {
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
        // Not the stop signal: a request in flight at Ctrl-C is finished, not cut (see stop()).
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status === 202) accepted[request.path] = (accepted[request.path] ?? 0) + 1;
      else settings.logger.warn({ user: user.userId, path: request.path, status: response.status, body: text.slice(0, 300) }, 'simulated device request refused');
    } catch (error) {
      settings.logger.warn({ user: user.userId, path: request.path, err: error }, 'simulated device request failed');
    }
  }

  return {
    accepted: () => ({ ...accepted }),
    async stop() {
      abort.abort();
      await Promise.all(loops);
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
