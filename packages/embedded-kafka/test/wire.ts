// Test helper: a raw Kafka-protocol client over one TCP socket, built on the codec's encodeRequest/
// decodeResponse, for behaviour no real client exposes (pipelining order, unsupported versions,
// acks=0 silence, connection closes).
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { decodeResponse, encodeRequest } from '../src/protocol/registry.js';
import type { Body } from '../src/protocol/schema.js';

export class WireClient {
  private buffered = Buffer.alloc(0);
  private waiting: ((frame: Buffer) => void)[] = [];
  private nextCorrelation = 1;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const size = this.buffered.readInt32BE(0);
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        this.waiting.shift()?.(frame);
      }
    });
    socket.on('close', () => { this.closed = true; });
    socket.on('error', () => {});
  }

  static async open(port: number): Promise<WireClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new WireClient(socket);
  }

  /** Sends a request; the promise resolves with the decoded response (in arrival order). */
  send(apiKey: number, apiVersion: number, body: Body): { correlationId: number; response: Promise<Body> } {
    const correlationId = this.nextCorrelation++;
    this.socket.write(encodeRequest({ apiKey, apiVersion, correlationId, clientId: 'wire-test' }, body));
    const response = new Promise<Body>((resolve, reject) => {
      this.waiting.push((frame) => {
        try {
          const r = decodeResponse(apiKey, apiVersion, frame);
          if (r.correlationId !== correlationId) reject(new Error(`correlation ${r.correlationId}, expected ${correlationId}`));
          else resolve(r.body);
        } catch (err) {
          reject(err);
        }
      });
    });
    return { correlationId, response };
  }

  /** Sends a request that expects no response (Produce acks=0). */
  sendOneWay(apiKey: number, apiVersion: number, body: Body): void {
    this.socket.write(encodeRequest({ apiKey, apiVersion, correlationId: this.nextCorrelation++, clientId: 'wire-test' }, body));
  }

  /** Writes raw bytes (a frame the codec would refuse to build). */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next raw response frame (after the size prefix). */
  nextFrame(): Promise<Buffer> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}
