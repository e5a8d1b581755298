// Field types shared by every event schema: ids, timestamps, durations, languages, countries,
// categories and URLs. Units and formats are decided here once, so no app invents its own.
import { Type } from '@sinclair/typebox';
import type { TLiteral, TUnion, SchemaOptions } from '@sinclair/typebox';

// Lowest and highest plausible epoch milliseconds (2000-01-01, 2100-01-01). The bounds are not
// about business rules: they reject seconds (1.7e9) and microseconds (1.7e15) sent by mistake.
export const MIN_EPOCH_MS = 946_684_800_000;
export const MAX_EPOCH_MS = 4_102_444_800_000;
const DAY_MS = 86_400_000;

// UUIDv7 in lowercase canonical form, or a ULID in uppercase Crockford base32. Only canonical
// forms are accepted because dedup compares ids as strings: "ABC" and "abc" must not both pass.
export const EVENT_ID_PATTERN =
  '^(?:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-7][0-9A-HJKMNP-TV-Z]{25})$';

export const EventId = (description = 'UUIDv7 (lowercase) or ULID (uppercase); chosen once, kept on retry and replay') =>
  Type.String({ pattern: EVENT_ID_PATTERN, maxLength: 36, description });

// Opaque ids (users, devices, content, stories, sources). No ':' '{' '}' or whitespace, because
// ids are embedded in Redis keys and '{...}' is a Redis Cluster hash tag.
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const Id = (description: string, maxLength = 64) =>
  Type.String({ pattern: ID_PATTERN, minLength: 1, maxLength, description });

export const UserId = () => Id('Tessera user id (opaque); the Kafka key of every per-user topic');
export const DeviceId = () => Id('Installation id of the app on one device');
export const ContentId = () => Id('Content item id assigned by the aggregator; the key of content.v1');

/** Milliseconds since the Unix epoch, UTC, integer. */
export const EpochMs = (description: string) =>
  Type.Integer({ minimum: MIN_EPOCH_MS, maximum: MAX_EPOCH_MS, description: `${description} (ms since epoch)` });

/** A non-negative duration in milliseconds, at most one day. */
export const DurationMs = (description: string) =>
  Type.Integer({ minimum: 0, maximum: DAY_MS, description: `${description} (ms)` });

// Event time (when it happened, on the producer's clock: the device for device events) versus
// ingest time (when Tessera first accepted it, on a server clock). Windows use occurredAt;
// receivedAt bounds clock skew and measures pipeline latency.
export const OccurredAt = () => EpochMs('Event time: when it happened, producer clock');
export const ReceivedAt = () => EpochMs('Ingest time: when Tessera first accepted it, server clock');

// BCP 47 restricted to language[-Script][-Region] in canonical case ("en", "pt-BR", "zh-Hant-TW").
// Variants and extensions are not useful for choosing content and would multiply segments.
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$';
export const Language = (description = 'BCP 47 tag: language[-Script][-Region], canonical case') =>
  Type.String({ pattern: LANGUAGE_PATTERN, maxLength: 16, description });

/** ISO 3166-1 alpha-2, uppercase. "ZZ" (unknown region, as in CLDR) is allowed. */
export const Country = (description = 'ISO 3166-1 alpha-2 country code, uppercase') =>
  Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description });

/** ISO 3166-2 subdivision code ("US-CA", "GB-SCT"). */
export const Subdivision = (description = 'ISO 3166-2 subdivision code') =>
  Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$', maxLength: 6, description });

/** Category or interest slug from the aggregator's taxonomy ("football", "science"). */
export const Category = () =>
  Type.String({ pattern: '^[a-z0-9]+(?:[_-][a-z0-9]+)*$', minLength: 1, maxLength: 48, description: 'Taxonomy slug' });

export const HttpUrl = (description: string) =>
  Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2048, description });

/** Images are loaded by devices and the demo page, which refuse mixed content: https only. */
export const HttpsUrl = (description: string) =>
  Type.String({ pattern: '^https://[^\\s]+$', maxLength: 2048, description });

/** IANA time zone name ("Europe/Paris"). */
export const TimeZone = () =>
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_+/-]*$', maxLength: 64, description: 'IANA time zone name' });

/** Human text: non-empty, bounded. */
export const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, description });

/**
 * A closed set of string values. Published as anyOf of consts (what TypeBox compiles), and the
 * validator reports a bad value as code "enum". Adding a value is a breaking change: consumers
 * validate on decode, so an old consumer would dead-letter the new value.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v: T[number]) => Type.Literal(v)), options);
}
