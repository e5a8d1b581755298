// One load-generator process (the parent forks several: one process may hold only ~20k file
// descriptors here). It holds one raw socket per user it was given and obeys the parent's
// commands over IPC: connect (every user, honouring 503 + Retry-After like a device), drop (all
// sockets at once, like a network outage), stats (frames and push latencies seen since the last
// reset), reset, exit. Each process connects from its own loopback address (127.0.0.x), so the
// processes do not share one ephemeral port range.
import type { Socket } from 'node:net';
import { signDeviceToken } from '@tessera/device-auth/test-tokens';
import { openRawSocket } from './raw-socket.js';

interface Settings {
  readonly host: string;
  readonly port: number;
  readonly localAddress: string;
  readonly users: readonly string[];
  /** 'jwt': delivery (Authorization header, HS256 with secret); 'none': the bare server (?u=). */
  readonly auth: 'jwt' | 'none';
  readonly secret: string;
}

type Command = { cmd: 'connect' } | { cmd: 'drop' } | { cmd: 'stats' } | { cmd: 'reset' } | { cmd: 'exit' };

const settings = JSON.parse(process.env.BENCH_CLIENT ?? '{}') as Settings;
const tokens = settings.auth === 'jwt'
  ? await Promise.all(settings.users.map((u) => signDeviceToken(settings.secret, { userId: u, deviceId: 'bench', expiresInSec: 7_200 })))
  : [];
const sockets = new Map<number, Socket>();
let frames = 0;
let feeds = 0;
let latencies: number[] = [];

const events = {
  onText(occurredAtMs: number | undefined, isFeed: boolean) {
    frames += 1;
    if (isFeed && occurredAtMs !== undefined) {
      feeds += 1;
      latencies.push(Date.now() - occurredAtMs);
    }
  },
  onClose() {},
};

async function connectOne(i: number, perSecond: Map<number, number>, counts: { refused: number; failed: number }): Promise<void> {
  const user = settings.users[i]!;
  const path = settings.auth === 'jwt' ? '/v1/socket' : `/v1/socket?u=${encodeURIComponent(user)}`;
  const headers: Record<string, string> = settings.auth === 'jwt' ? { Authorization: `Bearer ${tokens[i]}` } : {};
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { outcome, socket } = await openRawSocket(settings, path, headers, events);
    if (outcome.ok && socket) {
      sockets.set(i, socket);
      socket.once('close', () => { if (sockets.get(i) === socket) sockets.delete(i); });
      const second = Math.floor(Date.now() / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      return;
    }
    if (outcome.ok) continue;
    // A device's behaviour: on 503 wait what the server said (plus jitter), else back off.
    if (outcome.status === 503) counts.refused += 1;
    else counts.failed += 1;
    const waitMs = outcome.status === 503 && 'retryAfterSec' in outcome ? outcome.retryAfterSec * 1000 + Math.random() * 1000 : Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random());
    await new Promise((r) => setTimeout(r, waitMs));
  }
  counts.failed += 1;
}

async function connectAll() {
  const started = Date.now();
  const perSecond = new Map<number, number>();
  const counts = { refused: 0, failed: 0 };
  await Promise.all(settings.users.map((_, i) => (sockets.has(i) ? undefined : connectOne(i, perSecond, counts))));
  return { connected: sockets.size, refused: counts.refused, failed: counts.failed, durationMs: Date.now() - started, perSecond: Object.fromEntries(perSecond) };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

process.on('message', async (message: Command) => {
  switch (message.cmd) {
    case 'connect':
      process.send!({ cmd: 'connect', ...(await connectAll()) });
      break;
    case 'drop':
      for (const s of sockets.values()) s.destroy();
      sockets.clear();
      process.send!({ cmd: 'drop' });
      break;
    case 'stats': {
      const sorted = [...latencies].sort((a, b) => a - b);
      process.send!({ cmd: 'stats', open: sockets.size, frames, feeds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, samples: sorted.length });
      break;
    }
    case 'reset':
      frames = 0;
      feeds = 0;
      latencies = [];
      process.send!({ cmd: 'reset' });
      break;
    case 'exit':
      for (const s of sockets.values()) s.destroy();
      process.exit(0);
  }
});
process.send!({ cmd: 'ready' });
