// Test and benchmark support (not used by production code): archive a list of event values the
// way the archiver would — one NDJSON+gzip object per partition, hour and `perObject` records,
// under the archiver's deterministic keys, offsets counting up per partition — so readers
// (warehouse, trainer) can be tested on an archive without running Kafka and the archiver.
import { gzipSync } from 'node:zlib';
import { encodeLine, jsonDecoder } from './line.js';
import { CONTENT_TYPE, hourPartition, objectKey } from './naming.js';
import type { ObjectStore } from './object-store/object-store.js';

export interface ArchiveEventsOptions {
  readonly prefix?: string;
  /** Physical topic name (folder). */
  readonly topic: string;
  /** Event values (objects with occurredAt), in the order they would have been produced. */
  readonly values: readonly Record<string, unknown>[];
  /** Partition of each value (default: all on partition 0). */
  readonly partitionOf?: (value: Record<string, unknown>) => number;
  readonly key?: (value: Record<string, unknown>) => string | null;
  readonly perObject?: number;
}

export async function archiveEvents(store: Pick<ObjectStore, 'put'>, options: ArchiveEventsOptions): Promise<string[]> {
  const perObject = options.perObject ?? 10_000;
  const partitions = new Map<number, Record<string, unknown>[]>();
  for (const value of options.values) {
    const p = options.partitionOf?.(value) ?? 0;
    let list = partitions.get(p);
    if (!list) {
      list = [];
      partitions.set(p, list);
    }
    list.push(value);
  }
  const keys: string[] = [];
  for (const [partition, values] of partitions) {
    let offset = 0;
    let start = 0;
    let lines: string[] = [];
    let hour = '';
    const flush = async () => {
      if (lines.length === 0) return;
      const first = JSON.parse(lines[0]!) as { eventTime: number };
      const key = objectKey(options.prefix ?? '', options.topic, partition, String(start), hourPartition(first.eventTime));
      const result = await store.put(key, gzipSync(Buffer.from(lines.join(''))), CONTENT_TYPE);
      if (!result.ok) throw new Error(`archiveEvents: ${result.error.message}`);
      keys.push(key);
      lines = [];
    };
    for (const value of values) {
      const bytes = Buffer.from(JSON.stringify(value));
      const key = options.key?.(value) ?? null;
      const line = encodeLine({
        topic: options.topic, partition, offset: String(offset), timestamp: String(value.occurredAt ?? Date.now()),
        key: key === null ? null : Buffer.from(key), value: bytes, headers: {},
      }, jsonDecoder);
      const h = JSON.stringify(hourPartition(line.eventTime));
      if (lines.length >= perObject || (lines.length > 0 && h !== hour)) await flush();
      if (lines.length === 0) start = offset;
      hour = h;
      lines.push(line.text);
      offset += 1;
    }
    await flush();
  }
  return keys;
}
