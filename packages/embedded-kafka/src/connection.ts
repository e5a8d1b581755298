// Owns one client connection: 4-byte size framing, strictly serial processing in request order
// (Kafka mutes a channel while a request is in flight, and clients match pipelined responses by
// order as much as by correlation id), the fault hook, and the loud close on a request this broker
// does not advertise. A long-poll Fetch or a held JoinGroup only ever blocks its own connection.
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, ProtocolError } from './protocol/errors.js';
import { APIS, decodeRequest, encodeApiVersionsUnsupported, encodeResponse } from './protocol/registry.js';
import type { Faults } from './faults.js';
import type { Body, Handler, RequestContext } from './handlers/types.js';
import type { BrokerMetrics } from './metrics.js';

/** Bigger than any sane request (Kafka's socket.request.max.bytes is 100 MiB). */
const MAX_FRAME_BYTES = 100 * 1024 * 1024;

export interface Logger { info(msg: string): void; warn(msg: string): void }

export interface ConnectionDeps {
  handlers: ReadonlyMap<number, Handler>;
  faults: Faults;
  metrics: BrokerMetrics;
  logger: Logger;
  context: Omit<RequestContext, 'listener' | 'clientId' | 'clientHost'>;
}

const unmapped = (addr: string | undefined): string => (addr ?? '127.0.0.1').replace(/^::ffff:/, '');

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly listener: { host: string; port: number };
  private readonly clientHost: string;

  constructor(private readonly socket: Socket, private readonly deps: ConnectionDeps) {
    this.listener = { host: unmapped(socket.localAddress), port: socket.localPort ?? 0 };
    this.clientHost = unmapped(socket.remoteAddress);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => { this.closed = true; });
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks)];
      const size = this.chunks[0]!.readInt32BE(0);
      if (size < 0 || size > MAX_FRAME_BYTES) {
        this.deps.logger.warn(`[embedded-kafka] closing ${this.clientHost}: frame size ${size} out of bounds`);
        this.destroy();
        return;
      }
      // Concatenate only once the whole frame is here: big produce requests arrive in many chunks.
      if (this.buffered < 4 + size) return;
      const head = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      const frame = head.subarray(4, 4 + size);
      const rest = head.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.chain = this.chain.then(() => this.process(frame));
    }
  }

  private write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  private async process(frame: Buffer): Promise<void> {
    if (this.closed) return;
    const started = performance.now();
    let decoded: ReturnType<typeof decodeRequest>;
    try {
      decoded = decodeRequest(frame);
    } catch (err) {
      this.refuse(err);
      return;
    }
    const { header, body } = decoded;
    const handler = this.deps.handlers.get(header.apiKey);
    if (!handler) {
      this.deps.logger.warn(`[embedded-kafka] closing ${this.clientHost}: no handler for advertised api ${header.apiKey}`);
      this.destroy();
      return;
    }
    const ctx: RequestContext = { ...this.deps.context, listener: this.listener, clientId: header.clientId, clientHost: this.clientHost };
    const fault = this.deps.faults.take({ apiKey: header.apiKey, apiVersion: header.apiVersion, clientId: header.clientId, body });
    let response: Body | null;
    try {
      if (fault && fault.delayMs > 0) await sleep(fault.delayMs);
      if (this.closed) return;
      response = fault?.errorCode !== undefined
        ? handler.fail(body, header.apiVersion, fault.errorCode)
        : await handler.handle(ctx, body, header.apiVersion);
    } catch (err) {
      // During shutdown a parked request may wake up against closed logs; nobody is listening.
      if (this.closed) return;
      this.deps.logger.warn(`[embedded-kafka] closing ${this.clientHost}: api ${header.apiKey} v${header.apiVersion} handler failed: ${String((err as Error)?.stack ?? err)}`);
      this.destroy();
      return;
    }
    this.deps.metrics.request(APIS.get(header.apiKey)?.name ?? String(header.apiKey), (performance.now() - started) / 1000);
    if (fault?.drop) {
      // The request took effect; the client never learns it (a lost response on the wire).
      this.destroy();
      return;
    }
    if (response === null) return;
    this.write(encodeResponse(header.apiKey, header.apiVersion, header.correlationId, response));
  }

  private refuse(err: unknown): void {
    if (err instanceof ProtocolError && err.code === ErrorCode.UNSUPPORTED_VERSION && err.apiKey === 18 && err.correlationId !== undefined) {
      // KIP-511: a v0-shaped error body lets the client retry with a version we advertise.
      this.write(encodeApiVersionsUnsupported(err.correlationId));
      return;
    }
    const what = err instanceof ProtocolError ? `api ${err.apiKey} v${err.apiVersion}: ${err.message}` : String(err);
    this.deps.logger.warn(`[embedded-kafka] closing connection from ${this.clientHost}: unsupported or malformed request (${what})`);
    this.destroy();
  }
}
