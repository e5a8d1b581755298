// The body of POST /v1/content: one in-house item. Strict (unknown fields are an error, not
// silently dropped) so a client typo like "sumary" is caught at the first request.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CONTENT_KINDS, CONTENT_PRIORITIES } from '../content-contract.js';

// ISO 8601 date-time with an explicit offset, or epoch milliseconds: both are unambiguous.
const Instant = Type.Union([
  Type.Integer({ minimum: 946_684_800_000, maximum: 4_102_444_800_000, description: 'ms since epoch' }),
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})$', description: 'ISO 8601 with offset' }),
]);

export const PushBodySchema = Type.Object(
  {
    url: Type.String({ pattern: '^https?://\\S+$', maxLength: 2048, description: 'Article URL; its canonical form is the identity' }),
    title: Type.String({ minLength: 1, maxLength: 1000, description: 'Plain text or HTML' }),
    summary: Type.Optional(Type.String({ maxLength: 10_000, description: 'Plain text or HTML' })),
    imageUrl: Type.Optional(Type.String({ pattern: '^https://\\S+$', maxLength: 2048 })),
    kind: Type.Optional(Type.Union(CONTENT_KINDS.map((k) => Type.Literal(k)))),
    languages: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$' }), { minItems: 1, maxItems: 8 })),
    regions: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { maxItems: 250 })),
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 16 })),
    priority: Type.Optional(Type.Union(CONTENT_PRIORITIES.map((p) => Type.Literal(p)))),
    publishedAt: Type.Optional(Instant),
    expiresAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type PushBody = Static<typeof PushBodySchema>;

export const ContentIdParam = /^c-[0-9a-f]{32}$/;

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an instant of the body, or undefined when the text names no real instant. Parsed by
 * hand, not with Date.parse: V8 rolls impossible dates over ("2026-02-30" is March 2) and answers
 * NaN for others, and either way the editor's mistake was silently replaced.
 */
export function instantMs(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  const m = ISO_INSTANT.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const [offsetHours, offsetMinutes] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  // Date.UTC reads years 0-99 as 1900-1999.
  if (year! < 1000 || month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second > 59) return undefined;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const millis = Number(`${m[7] ?? ''}000`.slice(0, 3));
  const offsetMs = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second, millis) - offsetMs;
}
