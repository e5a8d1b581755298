// The baseline measured in the same run: a bare fastify + @fastify/websocket server (ws 8, the
// same options as delivery: permessage-deflate off, same maxPayload, no client tracking) that
// keeps a Map of user -> sockets and writes each record of the feeds topic to the user's sockets
// as it is, skipping a socket over the same buffer cap. No auth, no heartbeat, no Redis, no
// presence, no resume: what delivery is compared with is the cost of the socket itself.
// GET /stats reports push latency (consumed -> frame handed to the kernel) like delivery's metric.
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import type { WebSocket } from 'ws';

const { BROKERS = '', TOPIC = '', GROUP = '', PORT = '0', MAX_PAYLOAD = '4096', CAP = '131072' } = process.env;
const cap = Number(CAP);
const sockets = new Map<string, Set<WebSocket>>();
let connections = 0;
let latencies: number[] = [];

const app = Fastify();
await app.register(websocket, { options: { maxPayload: Number(MAX_PAYLOAD), perMessageDeflate: false, clientTracking: false } });
app.get('/v1/socket', { websocket: true }, (socket, request) => {
  const user = String((request.query as { u?: string }).u ?? '');
  let set = sockets.get(user);
  if (!set) sockets.set(user, (set = new Set()));
  set.add(socket);
  connections += 1;
  socket.on('close', () => {
    connections -= 1;
    set!.delete(socket);
    if (set!.size === 0) sockets.delete(user);
  });
});
app.get('/stats', async () => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
  return { connections, samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
});
app.post('/stats/reset', async () => {
  latencies = [];
  return {};
});

const kafka = new Kafka({ brokers: BROKERS.split(','), clientId: 'bare', logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: GROUP, maxWaitTimeInMs: 100 });
await consumer.connect();
await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
await consumer.run({
  eachBatch: async ({ batch }) => {
    const consumedAt = process.hrtime.bigint();
    for (const m of batch.messages) {
      const set = m.key && sockets.get(m.key.toString());
      if (!set || !m.value) continue;
      const frame = m.value.toString('utf8');
      for (const ws of set) {
        if (ws.bufferedAmount > cap) continue;
        ws.send(frame, () => latencies.push(Number(process.hrtime.bigint() - consumedAt) / 1e6));
      }
    }
  },
});
await app.listen({ host: '127.0.0.1', port: Number(PORT) });
process.stdout.write(`${JSON.stringify({ msg: 'bare listening', port: (app.server.address() as { port: number }).port })}\n`);
process.on('SIGTERM', () => void consumer.disconnect().then(() => app.close()).then(() => process.exit(0)));
