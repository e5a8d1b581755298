// A TCP port nothing listens on right now, for a server the stack starts itself (Redis, Postgres)
// or for an app a test starts on free ports. Chosen below Linux's ephemeral range (32768-60999 by
// default): a port the kernel handed out (listen(0)) is in that range, and between choosing it and
// the app binding it, any outgoing connection (a Kafka or Redis client) may take it as its local
// port, and the app then fails with EADDRINUSE. A port handed out once is not handed out again by
// this process.
import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_767;
const given = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (given.has(port)) continue;
    if (await bindable(port)) {
      given.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port found between ${LOW} and ${HIGH} on 127.0.0.1`);
}
