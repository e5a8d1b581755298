// Test support: consumed records built from the contracts' examples, and a reader that turns
// an archive (any ObjectStore) back into its lines.
import { gunzipSync } from 'node:zlib';
import type { ArchivedLine } from '@tessera/archive/line';
import type { ObjectStore } from '@tessera/archive/object-store';
import type { ConsumedRecord } from '@tessera/archive/record';
import { encodeValue } from '@tessera/contracts/codec';
import { exampleContentItem, exampleDeadLetter, exampleEnrichedInteraction } from '@tessera/contracts/examples';

export const T0 = Date.UTC(2026, 10, 22, 9, 30);
const MIN = 60_000;

function bytes(result: { ok: true; value: Buffer } | { ok: false; error: unknown }): Buffer {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** `n` interactions per partition, one a minute from T0, so they cross an hour boundary at 30. */
export function interactionRecords(topic: string, partitions: number, n: number): ConsumedRecord[] {
  const out: ConsumedRecord[] = [];
  for (let p = 0; p < partitions; p++) {
    for (let i = 0; i < n; i++) {
      const occurredAt = T0 + i * MIN;
      const value = exampleEnrichedInteraction({ occurredAt, receivedAt: occurredAt + 500, enrichedAt: occurredAt + 900, userId: `u-${p}-${i % 7}`, position: i % 5 });
      out.push({
        topic, partition: p, offset: String(100 + i), timestamp: String(occurredAt + 1000),
        key: Buffer.from(value.userId), value: bytes(encodeValue('interactions.enriched.v1', value)),
        headers: { 'x-trace': `t-${p}-${i}` },
      });
    }
  }
  return out;
}

export function contentRecord(offset: number, contentId: string, takedown = false): ConsumedRecord {
  const value = takedown ? null : bytes(encodeValue('content.v1', exampleContentItem({ contentId, occurredAt: T0 })));
  return { topic: 'content.v1', partition: 0, offset: String(offset), timestamp: String(T0 + 5), key: Buffer.from(contentId), value };
}

export function deadLetterRecord(offset: number): ConsumedRecord {
  const value = bytes(encodeValue('dlq.v1', exampleDeadLetter({ occurredAt: T0 })));
  return { topic: 'dlq.v1', partition: 0, offset: String(offset), timestamp: String(T0), key: null, value };
}

export async function readArchive(store: ObjectStore, prefix: string): Promise<Map<string, ArchivedLine[]>> {
  const keys = await store.list(prefix);
  if (!keys.ok) throw new Error(keys.error.message);
  const out = new Map<string, ArchivedLine[]>();
  for (const key of keys.value) {
    const body = await store.get(key);
    if (!body.ok) throw new Error(body.error.message);
    const text = gunzipSync(body.value).toString('utf8');
    out.set(key, text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ArchivedLine));
  }
  return out;
}
