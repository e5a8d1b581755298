// The runner against a real HTTP + WebSocket server on a free port: scenarios, VU numbering,
// setup data, checks, custom metrics, tag-filtered thresholds, sockets that keep an iteration
// alive; and the refusals (an option, a module), failed thresholds (exit 99), a duration bound.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runScript } from '../src/run.js';

const script = (name: string) => fileURLToPath(new URL(`./scripts/${name}.ts`, import.meta.url));
let server: Server;
let base = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, body: body ? JSON.parse(body) : null }));
    });
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const quiet = () => undefined;

describe('k6-runner', () => {
  it('runs scenarios with their VUs, iterations, setup data, checks, custom metrics and thresholds', async () => {
    const lines: string[] = [];
    const result = await runScript(script('basic'), { BASE_URL: base }, (l) => lines.push(l));
    expect(lines).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.thresholds.every((t) => t.ok)).toBe(true);
    expect(result.metrics.iterations?.count).toBe(7);
    expect(result.metrics.http_reqs?.count).toBe(5);
    expect(result.metrics.ws_sessions?.count).toBe(6);
    expect(result.metrics.ws_msgs_received?.count).toBe(6);
    expect(result.metrics.echoes?.count).toBe(6);
    const posts = seen.filter((u) => u.startsWith('/echo'));
    expect(posts).toHaveLength(5);
    expect(posts.every((u) => u.includes('kind=posts'))).toBe(true);
    // Two VUs shared five iterations; each VU counts its own __ITER from 0.
    expect(new Set(posts.map((u) => /vu=(\d+)/.exec(u)![1])).size).toBe(2);
  });

  it('refuses an option it does not implement (exit 104) and a k6 module it lacks (exit 107), by name', async () => {
    const lines: string[] = [];
    expect((await runScript(script('refused-option'), {}, (l) => lines.push(l))).exitCode).toBe(104);
    expect(lines.join('\n')).toMatch(/does not implement the option "stages"/);
    expect((await runScript(script('refused-module'), {}, (l) => lines.push(l))).exitCode).toBe(107);
    expect(lines.join('\n')).toMatch(/does not implement the module "k6\/ws"/);
  });

  it('fails thresholds with exit 99, including one whose metric got no sample; an exception fails only its iteration', async () => {
    const lines: string[] = [];
    const result = await runScript(script('failing-threshold'), {}, (l) => lines.push(l));
    expect(result.exitCode).toBe(99);
    expect(result.iterationErrors).toBe(1);
    expect(lines.join('\n')).toMatch(/boom in iteration 1/);
    expect(result.metrics.checks?.rate).toBeCloseTo(2 / 3);
    expect(result.thresholds.map((t) => [t.metric, t.ok])).toEqual([['checks', false], ['never_recorded', false]]);
  });

  it('stops a constant-vus scenario at its duration', async () => {
    const started = Date.now();
    const result = await runScript(script('duration'), {}, quiet);
    expect(result.exitCode).toBe(0);
    expect(result.metrics.iterations?.count).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
