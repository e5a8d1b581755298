// The device simulator: N simulated people (people.ts), each with a phone (phone.ts) holding a
// WebSocket to delivery (device-socket.ts) and an unlock cycle: every unlock posts a beacon to
// beacon, shows the next card of the feed the socket delivered, and posts the person's reaction
// (impression with on-screen time, click, like, share, dismiss) to clicks-tracker. Tokens are
// HS256 device JWTs signed with the deployment's dev key (packages/device-auth). It reports the
// CTR each A/B arm earned (stats.ts). `npm start`, the loop test and the freshness benchmark
// drive it; `autoUnlock: false` leaves the unlocks to the caller (device(id).unlock()).
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import type { Feed } from '@tessera/contracts/schemas/feed';
import type { ContentBook } from './content-book.js';
import { openDeviceSocket } from './device-socket.js';
import type { DeviceSocket } from './device-socket.js';
import type { Person } from './people.js';
import { createPhone } from './phone.js';
import type { Shown } from './phone.js';
import { createArmStats } from './stats.js';
import type { ArmReport } from './stats.js';

const TOKEN_LIFETIME_SEC = 3_600;
// Longer than the apps' publish deadline (10 s), after which they answer 503 themselves.
const REQUEST_TIMEOUT_MS = 15_000;

export interface SimulatorSettings {
  readonly people: readonly Person[];
  readonly seed: number;
  readonly book: ContentBook;
  /** ws://…/v1/socket of delivery. */
  readonly socketUrl: string;
  readonly beaconUrl: string;
  readonly clicksUrl: string;
  readonly secret: string;
  /** Unlock on the people's own rhythm (default true). */
  readonly autoUnlock?: boolean;
  /** New sockets per second while connecting (default 200), below delivery's admission rate. */
  readonly connectRate?: number;
  readonly logger?: { warn(fields: object, message: string): void };
}

export interface FeedArrival {
  readonly feed: Feed | null;
  readonly arrivedAt: number;
  readonly frameType: 'snapshot' | 'feed';
}

export interface SimDevice {
  readonly person: Person;
  readonly socket: DeviceSocket;
  /** Posts a beacon and the reaction to the next card; resolves with what was shown and when clicks-tracker accepted it. */
  unlock(): Promise<{ shown?: Shown; acceptedAt?: number }>;
  /** Posts interaction events as they are (the caller builds them), resolving when clicks-tracker answered 202. */
  interact(events: readonly object[]): Promise<number>;
  /** Resolves with the first feed frame from now on that `accept` accepts. */
  nextFeed(accept: (arrival: FeedArrival) => boolean, timeoutMs: number): Promise<FeedArrival>;
  /** Resolves when `contentId` is taken down from the device's current feed. */
  removal(contentId: string, timeoutMs: number): Promise<number>;
}

export interface Simulator {
  /** Resolves once every device's socket has its first snapshot. */
  readonly connected: Promise<void>;
  device(userId: string): SimDevice | undefined;
  devices(): readonly SimDevice[];
  stats(): ArmReport[];
  /** Requests answered 202, per path, and requests refused or failed. */
  requests(): { accepted: Record<string, number>; failed: number };
  stop(): Promise<void>;
}

export function startSimulator(settings: SimulatorSettings): Simulator {
  const stats = createArmStats();
  const accepted: Record<string, number> = {};
  let failed = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  const connectGap = 1000 / (settings.connectRate ?? 200);

  const post = async (base: string, path: string, body: unknown, token: string, userId: string): Promise<number | undefined> => {
    try {
      const response = await fetch(`${base}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status === 202) {
        accepted[path] = (accepted[path] ?? 0) + 1;
        return Date.now();
      }
      failed += 1;
      settings.logger?.warn({ user: userId, path, status: response.status, body: text.slice(0, 300) }, 'simulated device request refused');
    } catch (error) {
      failed += 1;
      settings.logger?.warn({ user: userId, path, err: error }, 'simulated device request failed');
    }
    return undefined;
  };
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  };

  const openings: Promise<DeviceSocket>[] = [];
  const devices = settings.people.map((person, index): SimDevice => {
    const phone = createPhone(person, settings.seed, settings.book);
    let token: { jwt: string; renewAt: number } | undefined;
    const tokenOf = async () => {
      if (!token || Date.now() > token.renewAt) {
        const jwt = await signDeviceToken(settings.secret, { userId: person.userId, deviceId: person.deviceId, expiresInSec: TOKEN_LIFETIME_SEC });
        token = { jwt, renewAt: Date.now() + (TOKEN_LIFETIME_SEC - 300) * 1000 };
      }
      return token.jwt;
    };
    const feedWaiters = new Set<(arrival: FeedArrival) => void>();
    const removalWaiters = new Set<(contentId: string, at: number) => void>();
    let socket: DeviceSocket | undefined;
    const opened = new Promise<DeviceSocket>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        socket = openDeviceSocket({
          url: settings.socketUrl, token: tokenOf,
          listener: {
            onFeed: (feed, arrivedAt, frameType) => { for (const waiter of [...feedWaiters]) waiter({ feed, arrivedAt, frameType }); },
            onRemove: (_feedId, contentId, at) => { for (const waiter of [...removalWaiters]) waiter(contentId, at); },
            onGiveUp: (code, reason) => settings.logger?.warn({ user: person.userId, code, reason }, 'simulated device socket closed for good'),
          },
        });
        resolve(socket);
      }, index * connectGap);
      timers.add(timer);
    });

    const unlock = async (): Promise<{ shown?: Shown; acceptedAt?: number }> => {
      const jwt = await tokenOf();
      await post(settings.beaconUrl, '/v1/beacons', phone.beacon(Date.now()), jwt, person.userId);
      const state = socket?.state;
      const shown = state ? phone.unlock(state.feed, state.removed, Date.now()) : undefined;
      if (!shown) return {};
      const acceptedAt = await post(settings.clicksUrl, '/v1/interactions', { events: shown.events }, jwt, person.userId);
      if (acceptedAt !== undefined) stats.count(shown.arm, shown.outcome);
      return { shown, acceptedAt };
    };

    const cycle = () => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopped) return;
        void track(unlock()).finally(cycle);
      }, phone.nextUnlockInMs());
      timers.add(timer);
    };
    openings.push(opened);
    if (settings.autoUnlock ?? true) void opened.then((s) => s.ready).then(cycle);

    return {
      person,
      get socket() {
        if (!socket) throw new Error(`the socket of ${person.userId} is not open yet`);
        return socket;
      },
      unlock: () => track(unlock()),
      async interact(events) {
        const acceptedAt = await track(post(settings.clicksUrl, '/v1/interactions', { events }, await tokenOf(), person.userId));
        if (acceptedAt === undefined) throw new Error(`clicks-tracker did not accept the events of ${person.userId}`);
        return acceptedAt;
      },
      nextFeed: (accept, timeoutMs) => waitFor(feedWaiters, (arrival, done) => { if (accept(arrival)) done(arrival); }, timeoutMs, `a feed on ${person.userId}'s socket`),
      removal: (contentId, timeoutMs) => waitFor(removalWaiters, (id, at, done) => { if (id === contentId) done(at); }, timeoutMs, `the removal of ${contentId} on ${person.userId}'s socket`),
    };
  });

  const connected = Promise.all(openings.map(async (opening) => (await opening).ready)).then(() => undefined);

  const byId = new Map(devices.map((d) => [d.person.userId, d]));
  return {
    connected,
    device: (userId) => byId.get(userId),
    devices: () => devices,
    stats: () => stats.report(),
    requests: () => ({ accepted: { ...accepted }, failed }),
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
      await Promise.all(devices.map(async (d) => { try { await d.socket.close(); } catch { /* never opened */ } }));
    },
  };
}

type Waiter<A extends unknown[]> = (...args: A) => void;

function waitFor<A extends unknown[], R>(waiters: Set<Waiter<A>>, check: (...args: [...A, (result: R) => void]) => void, timeoutMs: number, what: string): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const waiter: Waiter<A> = (...args) => check(...args, (result: R) => { finish(); resolve(result); });
    const timer = setTimeout(() => { finish(); reject(new Error(`no ${what} within ${timeoutMs / 1000} s`)); }, timeoutMs);
    const finish = () => { clearTimeout(timer); waiters.delete(waiter); };
    waiters.add(waiter);
  });
}
