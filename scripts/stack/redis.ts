// Redis for the local stack: the one at REDIS_URL when it answers PING, otherwise a redis-server
// the stack starts on a free port without persistence (--save "", no AOF: local state that a
// restart may lose, as the architecture says) and stops on exit.
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import type { Supervisor } from './supervisor.js';

export interface StackRedis {
  readonly url: string;
  /** How the stack got it, for the summary. */
  readonly note: string;
}

export async function ensureRedis(url: string, supervisor: Supervisor): Promise<StackRedis> {
  if (await answersPing(url)) return { url, note: `the one at ${url}` };
  const port = await freePort();
  await supervisor.start({
    name: 'redis', stage: 'infrastructure', cwd: process.cwd(),
    run: { command: 'redis-server', args: ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'] },
    ready: { logLine: /Ready to accept connections/ },
  });
  return { url: `redis://127.0.0.1:${port}`, note: `redis-server started by the stack (nothing answered at ${url})` };
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
