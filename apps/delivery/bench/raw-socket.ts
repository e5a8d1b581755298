// A minimal WebSocket client on raw TCP for the load generator: the HTTP upgrade by hand, server
// frames walked without copying payloads, pongs answered, and nothing else. A `ws` client per
// socket costs the generator more CPU than the server it measures (both share two cores here),
// so the benchmark uses this instead. Not a general client: no fragmentation, no extensions.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export interface Target {
  readonly host: string;
  readonly port: number;
  readonly localAddress: string;
}

export type Outcome = { ok: true } | { ok: false; status: number; retryAfterSec: number } | { ok: false; status: 0; error: string };

export interface RawSocketEvents {
  /** A text frame; `occurredAtMs` is the first "occurredAt" in it (the feed's), if any. */
  onText(occurredAtMs: number | undefined, isFeed: boolean): void;
  onClose(): void;
}

const PONG = maskedText('{"v":1,"type":"pong"}');
const OCCURRED = Buffer.from('"occurredAt":');
const PING = Buffer.from('"type":"ping"');
const FEED = Buffer.from('"cards"');

function maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x81;
  out[1] = 0x80 | payload.length;
  mask.copy(out, 2);
  for (let i = 0; i < payload.length; i += 1) out[6 + i] = payload[i]! ^ mask[i % 4]!;
  return out;
}

/** Opens one socket; resolves once upgraded (or refused, with the status and Retry-After). */
export function openRawSocket(target: Target, path: string, headers: Record<string, string>, events: RawSocketEvents): Promise<{ outcome: Outcome; socket?: Socket }> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port, localAddress: target.localAddress });
    let buffer: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome.ok ? { outcome, socket } : { outcome });
    };
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const lines = [`GET ${path} HTTP/1.1`, `Host: ${target.host}:${target.port}`, 'Connection: Upgrade', 'Upgrade: websocket',
        'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
      socket.write(lines.join('\r\n'));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
        if (status !== 101) {
          socket.destroy();
          return settle({ ok: false, status, retryAfterSec: Number(/\r\nretry-after: *(\d+)/i.exec(head)?.[1] ?? 1) });
        }
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        settle({ ok: true });
      }
      // Walk complete frames; keep a partial one.
      let at = 0;
      while (buffer.length - at >= 2) {
        const b1 = buffer[at + 1]! & 0x7f;
        let header = 2;
        let length = b1;
        if (b1 === 126) {
          if (buffer.length - at < 4) break;
          length = buffer.readUInt16BE(at + 2);
          header = 4;
        } else if (b1 === 127) {
          if (buffer.length - at < 10) break;
          length = Number(buffer.readBigUInt64BE(at + 2));
          header = 10;
        }
        if (buffer.length - at < header + length) break;
        const opcode = buffer[at]! & 0x0f;
        const payload = buffer.subarray(at + header, at + header + length);
        if (opcode === 0x1) {
          if (payload.length < 64 && payload.indexOf(PING) >= 0) socket.write(PONG);
          else {
            const o = payload.indexOf(OCCURRED);
            let ms: number | undefined;
            if (o >= 0) ms = Number(payload.subarray(o + OCCURRED.length, o + OCCURRED.length + 13).toString('latin1'));
            events.onText(ms, payload.indexOf(FEED) >= 0);
          }
        } else if (opcode === 0x8) {
          socket.end();
        }
        at += header + length;
      }
      buffer = at === buffer.length ? Buffer.alloc(0) : buffer.subarray(at);
    });
    socket.on('error', (error) => settle({ ok: false, status: 0, error: error.message }));
    socket.on('close', () => {
      settle({ ok: false, status: 0, error: 'closed before the upgrade' });
      if (upgraded) events.onClose();
    });
  });
}
