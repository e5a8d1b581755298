// Owns the small HTTP admin endpoint: GET /topics and /groups (JSON, see admin-view.ts), GET / for
// both at once, GET /lineage (the stream-lineage page, lineage-page.ts) and /lineage.json, and
// GET /metrics in Prometheus text format. Read-only on purpose: changes go
// through the Kafka protocol so they are exercised the way production code does them.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { LineageView } from './lineage.js';
import { renderLineagePage } from './lineage-page.js';
import type { BrokerMetrics } from './metrics.js';

export interface AdminSources {
  topics: () => unknown;
  groups: () => unknown;
  lineage: () => LineageView;
  metrics: BrokerMetrics;
}

export interface AdminHttp { readonly port: number; readonly url: string; close(): Promise<void> }

export async function startAdminHttp(opts: { host: string; port: number }, src: AdminSources): Promise<AdminHttp> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body, null, 2));
    };
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'METHOD_NOT_ALLOWED' }));
    } else if (path === '/metrics') {
      src.metrics.text().then(
        (text) => res.writeHead(200, { 'content-type': src.metrics.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else if (path === '/topics') {
      json(src.topics());
    } else if (path === '/groups') {
      json(src.groups());
    } else if (path === '/lineage') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderLineagePage(src.lineage()));
    } else if (path === '/lineage.json') {
      json(src.lineage());
    } else if (path === '/') {
      json({ topics: src.topics(), groups: src.groups() });
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'NOT_FOUND' }));
    }
  });
  server.listen(opts.port, opts.host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    url: `http://${opts.host}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
