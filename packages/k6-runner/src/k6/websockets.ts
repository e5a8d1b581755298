// "k6/websockets": the event-loop WebSocket of k6 (many sockets per VU). An open socket keeps the
// iteration running until it closes, as in k6. Built-in metrics: ws_connecting (handshake time),
// ws_sessions, ws_session_duration, ws_msgs_sent, ws_msgs_received, tagged url (and the params'
// tags). Params: headers and tags; subprotocols, compression and cookie jars are refused. Binary
// messages arrive as ArrayBuffer (binaryType "arraybuffer" only).
import WebSocketClient from 'ws';
import { emit, hold, vu } from '../vu/context.js';

type EventName = 'open' | 'close' | 'error' | 'message' | 'ping' | 'pong';
type Listener = (event: Record<string, unknown>) => void;

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
}

const SUPPORTED_PARAMS = new Set(['headers', 'tags']);
/** Every socket of this VU, so a stopping VU can close them. */
const open = new Set<WebSocket>();

/** Ends every socket of this VU at once (an iteration that failed, a VU that stops). */
export function closeAllSockets(): void {
  for (const socket of open) socket.abort();
}

export class WebSocket {
  static readonly CONNECTING = 0 as const;
  static readonly OPEN = 1 as const;
  static readonly CLOSING = 2 as const;
  static readonly CLOSED = 3 as const;
  readonly CONNECTING = 0 as const;
  readonly OPEN = 1 as const;
  readonly CLOSING = 2 as const;
  readonly CLOSED = 3 as const;
  onopen: (() => void) | null = null;
  onmessage: ((event: Record<string, unknown>) => void) | null = null;
  onclose: ((event: Record<string, unknown>) => void) | null = null;
  onerror: ((event: Record<string, unknown>) => void) | null = null;
  onping: (() => void) | null = null;
  onpong: (() => void) | null = null;
  binaryType = 'arraybuffer';
  private readonly client: WebSocketClient;
  private readonly listeners = new Map<EventName, Listener[]>();
  private readonly tags: Record<string, string>;

  constructor(readonly url: string, protocols?: null, params?: Params | null) {
    if (protocols !== undefined && protocols !== null) throw new Error('k6-runner: WebSocket subprotocols are not implemented');
    for (const key of Object.keys(params ?? {})) {
      if (!SUPPORTED_PARAMS.has(key)) throw new Error(`k6-runner: the k6/websockets param "${key}" is not implemented (implemented: headers, tags)`);
    }
    if (vu.stopping) throw new Error('the VU is stopping');
    this.tags = { url, ...params?.tags };
    const release = hold();
    const started = performance.now();
    let openedAt = 0;
    open.add(this);
    this.client = new WebSocketClient(url, { headers: params?.headers ?? {}, perMessageDeflate: false });
    this.client.on('open', () => {
      openedAt = performance.now();
      emit('ws_connecting', 'trend', openedAt - started, this.tags, true);
      emit('ws_sessions', 'counter', 1, this.tags);
      this.dispatch('open', {});
    });
    this.client.on('message', (data, isBinary) => {
      emit('ws_msgs_received', 'counter', 1, this.tags);
      const payload = isBinary ? toArrayBuffer(data as Buffer) : (data as Buffer).toString('utf8');
      this.dispatch('message', { data: payload });
    });
    this.client.on('ping', () => this.dispatch('ping', {}));
    this.client.on('pong', () => this.dispatch('pong', {}));
    this.client.on('unexpected-response', (_req, res) => {
      res.resume();
      this.dispatch('error', { error: `websocket: bad handshake (status ${res.statusCode})` });
      this.client.terminate();
    });
    this.client.on('error', (error) => this.dispatch('error', { error: error.message }));
    this.client.on('close', (code, reason) => {
      open.delete(this);
      if (openedAt > 0) emit('ws_session_duration', 'trend', performance.now() - openedAt, this.tags, true);
      this.dispatch('close', { code, reason: reason.toString() });
      release();
    });
  }

  get readyState(): 0 | 1 | 2 | 3 { return this.client.readyState; }
  get bufferedAmount(): number { return this.client.bufferedAmount; }

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this.client.readyState !== WebSocketClient.OPEN) throw new Error('InvalidStateError: the socket is not open');
    this.client.send(typeof data === 'string' ? data : Buffer.from(data instanceof ArrayBuffer ? data : data.buffer));
    emit('ws_msgs_sent', 'counter', 1, this.tags);
  }

  close(code?: number, reason?: string): void {
    if (this.client.readyState === WebSocketClient.CONNECTING) this.client.terminate();
    else if (this.client.readyState === WebSocketClient.OPEN) this.client.close(code ?? 1000, reason);
  }

  /** Not k6 API: drops the connection without a close handshake. */
  abort(): void {
    this.client.terminate();
  }

  ping(): void {
    this.client.ping();
  }

  addEventListener(event: EventName, listener: Listener): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  }

  private dispatch(type: EventName, fields: Record<string, unknown>): void {
    const event = { type, timestamp: Date.now(), ...fields };
    const handler = { open: this.onopen, message: this.onmessage, close: this.onclose, error: this.onerror, ping: this.onping, pong: this.onpong }[type];
    try {
      (handler as Listener | null)?.(event);
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    } catch (error) {
      // An exception in a handler ends the iteration, as in k6.
      process.emitWarning(`k6-runner: an exception in a WebSocket ${type} handler: ${(error as Error).message}`);
      vu.onError?.(error as Error);
    }
  }
}

function toArrayBuffer(data: Buffer): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

export default { WebSocket };
