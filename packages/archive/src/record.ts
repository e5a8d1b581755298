// What an archive line is made from: one consumed Kafka record, in the shape kafkajs hands to
// eachBatch (offset and timestamp as decimal strings, key/value as bytes or null, headers as an
// object whose values may repeat). The archiver's consumer passes records through unchanged.


export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** int64 as a decimal string, as kafkajs delivers it. */
  offset: string;
  /** Kafka record timestamp, ms since epoch, decimal string. */
  timestamp: string;
  key: Buffer | null;
  /** null = tombstone. */
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** One header as archived: repeated keys become repeated entries, in delivery order. */
export interface FlatHeader {
  key: string;
  value: Buffer | null;
}

export function flattenHeaders(headers: ConsumedRecord['headers']): FlatHeader[] {
  const out: FlatHeader[] = [];
  for (const [key, raw] of Object.entries(headers ?? {})) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      out.push({ key, value: v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8') });
    }
  }
  return out;
}

export function topicPartition(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
