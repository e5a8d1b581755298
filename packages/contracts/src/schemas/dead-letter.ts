// DeadLetter: a record some consumer could not process (dlq.v1, key = the original key). It keeps
// the original bytes exactly (base64), so the record can be inspected and replayed unchanged.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { EpochMs, EventId, OccurredAt } from './primitives.js';

const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';
// The source record is at most 1 MiB (max.message.bytes of the source topics); base64 is 4/3.
const MAX_VALUE_BASE64 = 1_400_000;

const Base64 = (maxLength: number, description: string) =>
  Type.String({ pattern: BASE64_PATTERN, maxLength, description });

export const DeadLetterSource = Type.Object(
  {
    topic: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 249, description: 'Topic of the failed record' }),
    partition: Type.Integer({ minimum: 0, maximum: 100_000 }),
    // Kafka offsets are int64; as a decimal string they survive JSON without precision loss.
    offset: Type.String({ pattern: '^[0-9]{1,19}$', maxLength: 19, description: 'Offset, int64 as a decimal string' }),
    timestamp: Type.Optional(EpochMs('Kafka timestamp of the failed record')),
    consumerGroup: Type.String({ pattern: '^[A-Za-z0-9._-]+$', minLength: 1, maxLength: 249, description: 'Group that failed to process it' }),
  },
  { title: 'DeadLetterSource' },
);

export const DeadLetterError = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9_.]+$', minLength: 1, maxLength: 64, description: 'Stable machine-readable error code' }),
    message: Type.String({ maxLength: 2000, description: 'Human-readable detail, truncated' }),
    retriable: Type.Boolean({ description: 'Whether a later replay could succeed' }),
    attempts: Type.Integer({ minimum: 1, maximum: 1000, description: 'Attempts made before giving up' }),
  },
  { title: 'DeadLetterError' },
);

export const DeadLetterHeader = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 256 }),
    value: Type.Union([Base64(8192, 'Header value bytes, base64'), Type.Null()]),
  },
  { title: 'DeadLetterHeader' },
);

export const DeadLetter = Type.Object(
  {
    eventId: EventId('Id of this dead letter (not of the failed record)'),
    occurredAt: OccurredAt(),
    source: DeadLetterSource,
    error: DeadLetterError,
    key: Type.Union([Base64(8192, 'Original key bytes, base64'), Type.Null()], { description: 'null = no key' }),
    value: Type.Union([Base64(MAX_VALUE_BASE64, 'Original value bytes, base64'), Type.Null()], { description: 'null = tombstone' }),
    headers: Type.Array(DeadLetterHeader, { maxItems: 64 }),
  },
  { title: 'DeadLetter', description: 'A record a consumer could not process; the value of dlq.v1' },
);
export type DeadLetter = Static<typeof DeadLetter>;
export type DeadLetterSource = Static<typeof DeadLetterSource>;
