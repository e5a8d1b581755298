// Owns: the Kafka error numbers that record validation and storage answer with.
// Kept here (not imported from protocol/) so records/ and storage/ stay independent of the wire
// codec; the numbers are Kafka's and must match protocol/errors.ts.

export const Codes = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  MESSAGE_TOO_LARGE: 10,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  KAFKA_STORAGE_ERROR: 56,
  INVALID_PRODUCER_EPOCH: 47,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  INVALID_RECORD: 87,
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
