// Redis for the local stack: the one at REDIS_URL when it answers PING, otherwise a redis-server
// the stack starts on a free port without persistence (--save "", no AOF: local state that a
// restart may lose, as the architecture says) and stops on exit.
import { redisKeys } from '@tessera/contracts/redis/keys';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import type { Supervisor } from './supervisor.js';

export interface StackRedis {
  readonly url: string;
  /** How the stack got it, for the summary. */
  readonly note: string;
  /** Set when Redis already holds tables built from another broker's data (see tableStateWarning). */
  readonly warning?: string;
}

/**
 * `freshBroker`: the broker's data directory did not exist before this start. A Redis that
 * outlives the broker's data (the machine's Redis, with .tessera deleted) keeps the users table's
 * stored offsets, so the new users.v1 would be skipped up to them: that is worth a warning.
 */
export async function ensureRedis(url: string, freshBroker: boolean, supervisor: Supervisor): Promise<StackRedis> {
  if (await answersPing(url)) {
    const warning = freshBroker ? await tableStateWarning(url) : undefined;
    return { url, note: `the one at ${url}`, ...(warning ? { warning } : {}) };
  }
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

async function tableStateWarning(url: string): Promise<string | undefined> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const key = redisKeys.consumerOffsets('users-table', 'users.v1');
    if ((await client.exists(key)) === 0) return undefined;
    return `${url} already holds the users table's offsets (${key}) from an earlier broker, so this new broker's users.v1 may be skipped: `
      + 'delete that key (and the u:{demo-*} keys) or point REDIS_URL at an empty Redis';
  } finally {
    client.disconnect();
  }
}
