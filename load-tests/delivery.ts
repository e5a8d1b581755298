// delivery under load: many WebSockets per VU (k6/websockets), each a device of its own user
// with its own token, speaking protocol v1 (apps/delivery/README.md): the first frame must be the
// snapshot, every ping gets a pong, a close by the server or a refused handshake is a reconnect
// with backoff and the last offset (resume).
//   smoke: 1 VU x 5 sockets, held 2 s.
//   load:  VUS (default 50) x SOCKETS_PER_VU (default 200) = 10,000 sockets, held HOLD (default 5m).
//   soak:  20 x 250 sockets held 60 minutes (heartbeats, token expiry, reconnects over time).
//   storm: reconnect storm: every socket of every VU opens at once, gets its snapshot, closes,
//          ROUNDS (default 5) times; admission control may refuse (503 + Retry-After) and the
//          device retries with backoff; every socket must be served in the end.
// Targets (thresholds): every check held (snapshot first, protocol v1), every socket served,
// snapshot within 1 s of connecting at p(95) under load (3 s in a storm).
import { check } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { clearTimeout, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { baseUrl, count, profile, runId } from './lib/target.ts';
import { deviceToken } from './lib/token.ts';

const SOCKET_URL = `${baseUrl('DELIVERY_URL').replace(/^http/, 'ws')}/v1/socket`;
const RUN = runId();
const served = new Rate('sockets_served');
const snapshotTime = new Trend('snapshot_time', true);
const reconnects = new Counter('reconnects');
const pongs = new Counter('pongs_sent');

interface Shape { readonly vus: number; readonly sockets: number; readonly holdMs: number; readonly rounds: number; readonly maxDuration: string }
const SHAPES: Record<string, Shape> = {
  smoke: { vus: 1, sockets: 5, holdMs: 2_000, rounds: 1, maxDuration: '60s' },
  load: { vus: count('VUS', 50), sockets: count('SOCKETS_PER_VU', 200), holdMs: count('HOLD_SECONDS', 300) * 1000, rounds: 1, maxDuration: '20m' },
  soak: { vus: count('VUS', 20), sockets: count('SOCKETS_PER_VU', 250), holdMs: count('HOLD_SECONDS', 3_600) * 1000, rounds: 1, maxDuration: '70m' },
  storm: { vus: count('VUS', 50), sockets: count('SOCKETS_PER_VU', 200), holdMs: 0, rounds: count('ROUNDS', 5), maxDuration: '15m' },
};
const shape = SHAPES[profile()]!;

export const options: Options = {
  scenarios: {
    sockets: { executor: 'per-vu-iterations', vus: shape.vus, iterations: shape.rounds, maxDuration: shape.maxDuration, gracefulStop: '30s' },
  },
  thresholds: {
    checks: ['rate==1'],
    sockets_served: ['rate==1'],
    snapshot_time: [profile() === 'storm' ? 'p(95)<3000' : 'p(95)<1000'],
  },
};

export default function () {
  for (let s = 0; s < shape.sockets; s += 1) device(`${RUN}-u${__VU}x${s}`, `${RUN}-d${__VU}x${s}`);
}

/** One device: connect, check the snapshot, answer pings, hold, close; reconnect with backoff when the server closed it. */
function device(userId: string, deviceId: string): void {
  const holdUntil = Date.now() + shape.holdMs;
  const deadline = holdUntil + 60_000;
  let offset = '';
  let attempt = 0;
  let done = false;
  const connect = () => {
    const startedAt = Date.now();
    const url = offset ? `${SOCKET_URL}?lastOffset=${encodeURIComponent(offset)}` : SOCKET_URL;
    const ws = new WebSocket(url, null, { headers: { authorization: `Bearer ${deviceToken(userId, deviceId)}` }, tags: { name: 'socket' } });
    let first = true;
    let closedByMe = false;
    let hold: ReturnType<typeof setTimeout> | undefined;
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event!.data)) as { v?: number; type?: string; offset?: string };
      if (frame.offset) offset = frame.offset;
      if (first) {
        first = false;
        check(frame, { 'first frame is a v1 snapshot': (f) => f.v === 1 && f.type === 'snapshot' });
        if (!done) { done = true; served.add(true); snapshotTime.add(Date.now() - startedAt); }
        attempt = 0;
        hold = setTimeout(() => { closedByMe = true; ws.close(); }, Math.max(0, holdUntil - Date.now()));
        return;
      }
      if (frame.type === 'ping') { ws.send('{"v":1,"type":"pong"}'); pongs.add(1); }
    };
    // k6's close event carries no close code, so the device decides by who closed: a socket it
    // closed itself after its hold is finished; any other close before the deadline (drain 4000,
    // no_pong, a refused handshake, a network loss) is a reconnect with backoff and resume.
    let retried = false;
    const retry = () => {
      if (hold !== undefined) clearTimeout(hold);
      if (closedByMe || retried) return;
      retried = true;
      if (Date.now() < deadline) {
        attempt += 1;
        reconnects.add(1);
        setTimeout(connect, Math.min(20_000, 500 * 2 ** attempt) * (0.5 + Math.random()));
      } else if (!done) {
        done = true;
        served.add(false);
      }
    };
    ws.onclose = retry;
    // A refused handshake may end with an error event only.
    ws.onerror = () => { if (first) retry(); };
  };
  connect();
}
