// The JSON error envelope every Tessera HTTP endpoint answers with, and the codes the HTTP layer
// itself produces (malformed URL, unknown route, wrong media type, body too large, shutdown, bug).
// Body: { "error": { "code", "message", "retriable", ...extra } }. Clients switch on `code`;
// messages are for people and may change. An app's own table spreads HTTP_FRAMEWORK_ERRORS and
// adds its codes, so the shared server (./server.ts) can answer in any app's vocabulary.
import { Buffer } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply } from 'fastify';

export interface ErrorSpec {
  readonly status: number;
  readonly retriable: boolean;
}

export const HTTP_FRAMEWORK_ERRORS = {
  /** The body is not JSON, not UTF-8, or holds a forbidden key (`__proto__`) where keys are refused. */
  invalid_json: { status: 400, retriable: false },
  unsupported_media_type: { status: 415, retriable: false },
  body_too_large: { status: 413, retriable: false },
  /** The URL has malformed percent-encoding. */
  invalid_url: { status: 400, retriable: false },
  /** A path parameter is longer than the router accepts. */
  url_too_long: { status: 414, retriable: false },
  /** Malformed HTTP (request line, headers, Content-Length that does not match the body). */
  bad_request: { status: 400, retriable: false },
  headers_too_large: { status: 431, retriable: false },
  request_timeout: { status: 408, retriable: true },
  route_not_found: { status: 404, retriable: false },
  method_not_allowed: { status: 405, retriable: false },
  /** The server is stopping; another instance (or this one after its restart) will answer. */
  shutting_down: { status: 503, retriable: true },
  internal_error: { status: 500, retriable: true },
} as const satisfies Record<string, ErrorSpec>;

export type HttpFrameworkErrorCode = keyof typeof HTTP_FRAMEWORK_ERRORS;

/** Extra fields an endpoint adds to the error body (validation issues, rejected events). */
export type ErrorExtra = Readonly<Record<string, unknown>>;

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly retriable: boolean } & ErrorExtra;
}

export function errorBody(code: string, spec: ErrorSpec, message: string, extra: ErrorExtra = {}): ErrorBody {
  return { error: { code, message, retriable: spec.retriable, ...extra } };
}

export type SendError<Code extends string> = (reply: FastifyReply, code: Code, message: string, extra?: ErrorExtra) => FastifyReply;

/** A sender for one code table: status from the table, `retry-after: 5` when retriable (unless already set). */
export function errorSender<Table extends Record<string, ErrorSpec>>(table: Table): SendError<keyof Table & string> {
  return (reply, code, message, extra = {}) => {
    const spec = table[code] as ErrorSpec;
    if (spec.retriable && !reply.hasHeader('retry-after')) void reply.header('retry-after', '5');
    return reply.code(spec.status).send(errorBody(code, spec, message, extra));
  };
}

// Messages quote what the client sent (a URL, an id); a 16 KB URL must not come back whole.
const MAX_QUOTED = 120;

/** Client input shortened for a message, never cut inside a surrogate pair. */
export function quoted(text: string): string {
  if (text.length <= MAX_QUOTED) return text;
  const end = /[\uD800-\uDBFF]/.test(text[MAX_QUOTED - 2] ?? '') ? MAX_QUOTED - 2 : MAX_QUOTED - 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Answers a connection Node's HTTP parser refused (malformed request, oversized headers, a
 * request not received in time) with the envelope, written straight to the socket, then closes
 * it: the `clientError` handler of every Tessera HTTP server (fastify's and the ops server's).
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket, options: { requestTimeoutMs?: number; onError?: (code: string) => void } = {}): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: HttpFrameworkErrorCode = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout'
    : error.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'bad_request';
  const message = code === 'request_timeout' ? `the request was not received within ${options.requestTimeoutMs ?? 'the allowed'} ms`
    : code === 'headers_too_large' ? 'the request headers are too large' : 'malformed HTTP request';
  options.onError?.(code);
  const spec = HTTP_FRAMEWORK_ERRORS[code];
  const body = JSON.stringify(errorBody(code, spec, message));
  if (socket.writable) {
    socket.write([
      `HTTP/1.1 ${spec.status} ${STATUS_CODES[spec.status] ?? ''}`,
      'Connection: close',
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(spec.retriable ? ['Retry-After: 5'] : []),
      '',
      body,
    ].join('\r\n'));
  }
  socket.destroy(error);
}
