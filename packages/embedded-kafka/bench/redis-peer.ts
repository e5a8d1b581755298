// Redis Streams as a benchmark peer (the Redis at 127.0.0.1:6379, in memory): a batch is one
// pipelined run of XADDs; consumption is XREADGROUP with NOACK (no pending-entries bookkeeping,
// like a Kafka consumer that commits offsets rather than acking each message).
import { Redis } from 'ioredis';
import type { Peer } from './peer.js';

export async function redisPeer(url = 'redis://127.0.0.1:6379'): Promise<Peer> {
  const redis = new Redis(url);
  const key = `bench:${process.pid}:${Date.now()}`;
  return {
    name: 'Redis Streams (in memory)',
    async sendBatch(values) {
      const p = redis.pipeline();
      for (const v of values) p.xadd(key, '*', 'v', v);
      const results = await p.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
    },
    async consume(records, deadlineMs) {
      await redis.xgroup('CREATE', key, 'bench', '0');
      let count = 0;
      let bytes = 0;
      while (count < records && Date.now() < deadlineMs) {
        const res = (await redis.callBuffer('XREADGROUP', 'GROUP', 'bench', 'c1', 'COUNT', 1000, 'BLOCK', 1000, 'NOACK', 'STREAMS', key, '>')) as
          [Buffer, [Buffer, Buffer[]][]][] | null;
        for (const [, entries] of res ?? []) {
          for (const [, fields] of entries) {
            count += 1;
            bytes += fields[1]?.length ?? 0;
          }
        }
      }
      return { records: count, bytes };
    },
    async close() {
      await redis.del(key);
      redis.disconnect();
    },
  };
}
