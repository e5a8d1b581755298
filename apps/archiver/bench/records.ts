// The bench's input: enriched interactions over six event-time hours, round-robin over
// partitions, as the consumer would hand them over (offset per partition, bytes as produced).
import type { ConsumedRecord } from '@tessera/archive/record';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleEnrichedInteraction } from '@tessera/contracts/examples';

export const TOPIC = 'interactions.enriched.v1';
export const PARTITIONS = 3;
const T0 = Date.UTC(2026, 10, 22, 0);

export function benchRecords(total: number): ConsumedRecord[] {
  const out: ConsumedRecord[] = [];
  for (let i = 0; i < total; i++) {
    const occurredAt = T0 + Math.floor((i / total) * 6 * 3_600_000); // six event-time hours
    const value = exampleEnrichedInteraction({ occurredAt, receivedAt: occurredAt + 300, enrichedAt: occurredAt + 600, userId: `u-${i % 5000}`, position: i % 10 });
    const bytes = encodeValue(TOPIC, value);
    if (!bytes.ok) throw new Error(bytes.error.message);
    out.push({ topic: TOPIC, partition: i % PARTITIONS, offset: String(Math.floor(i / PARTITIONS)), timestamp: String(occurredAt + 700), key: Buffer.from(value.userId), value: bytes.value, headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
  }
  return out;
}

/** Record bytes consumed: key + value + a flat 64 for headers and framing. */
export const recordBytes = (records: readonly ConsumedRecord[]) => records.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0) + 64, 0);

export interface BenchResult { records: number; objects: number; seconds: number; inputBytes: number; writtenBytes: number }

export function report(title: string, r: BenchResult): void {
  const mb = (n: number) => n / (1024 * 1024);
  console.log(`${title}: ${r.records} records, ${r.objects} objects in ${r.seconds.toFixed(2)} s`);
  console.log(`  ${(r.records / r.seconds).toFixed(0)} records/s`);
  console.log(`  ${(mb(r.inputBytes) / r.seconds).toFixed(1)} MB/s consumed (${mb(r.inputBytes).toFixed(1)} MB of record bytes)`);
  console.log(`  ${(mb(r.writtenBytes) / r.seconds).toFixed(1)} MB/s written gzip (${mb(r.writtenBytes).toFixed(1)} MB, ratio ${(r.inputBytes / r.writtenBytes).toFixed(1)}x)`);
}
