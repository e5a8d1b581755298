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

export function instantMs(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
