import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { WebSocket } from 'k6/websockets';
import { hmac } from 'k6/crypto';
import { b64encode } from 'k6/encoding';
import { setTimeout } from 'k6/timers';

const echoes = new Counter('echoes');
const roundTrip = new Trend('echo_round_trip', true);
const base = __ENV.BASE_URL ?? 'http://127.0.0.1:1';
const initVu = __VU;

export const options = {
  scenarios: {
    posts: { executor: 'shared-iterations', vus: 2, iterations: 5, exec: 'posts', env: { KIND: 'posts' } },
    sockets: { executor: 'per-vu-iterations', vus: 1, iterations: 2, exec: 'sockets' },
  },
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
    'http_reqs{scenario:posts}': ['count==5'],
    echoes: ['count==6'],
    echo_round_trip: ['max<5000'],
  },
};

export function setup() {
  return { token: `${b64encode('{"alg":"HS256"}', 'rawurl')}.${hmac('sha256', 'key', 'data', 'base64rawurl')}` };
}

export function posts(data: { token: string }) {
  const res = http.post(`${base}/echo?vu=${__VU}&iter=${__ITER}&kind=${__ENV.KIND}`, JSON.stringify({ token: data.token }), { headers: { 'content-type': 'application/json' } });
  check(res, {
    'status 200': (r) => r.status === 200,
    'token arrived': (r) => (r.json() as { body: { token: string } }).body.token === data.token,
    'vu numbering': () => initVu === __VU && __VU >= 1,
  });
  sleep(0.01);
}

export function sockets() {
  // Three sockets in one VU; the iteration ends when all are closed.
  for (let n = 0; n < 3; n += 1) {
    const ws = new WebSocket(base.replace('http', 'ws') + '/ws');
    let sentAt = 0;
    ws.onopen = () => { sentAt = Date.now(); ws.send(`hello ${n}`); };
    ws.onmessage = (event) => {
      check(event, { 'echo': (e) => e!.data === `hello ${n}` });
      echoes.add(1);
      roundTrip.add(Date.now() - sentAt);
      setTimeout(() => ws.close(), 10);
    };
  }
}
