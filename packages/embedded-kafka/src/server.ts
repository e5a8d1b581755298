// Owns the TCP listener: accepts connections, hands each one to a Connection, and closes them all
// on shutdown so a held Fetch or JoinGroup cannot keep the process alive.
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { Connection, type ConnectionDeps } from './connection.js';

export interface KafkaServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export async function listen(opts: { host: string; port: number }, deps: ConnectionDeps): Promise<KafkaServer> {
  const connections = new Set<Connection>();
  const server: Server = createServer((socket) => {
    const conn = new Connection(socket, deps);
    connections.add(conn);
    socket.on('close', () => connections.delete(conn));
  });
  server.listen(opts.port, opts.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    host: opts.host,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of connections) c.destroy();
      await closed;
    },
  };
}
