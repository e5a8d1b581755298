// Content items as the recommender reads them: from the content table in Redis (contentItem,
// materialized from content.v1), with a process cache keyed by the record's offset. Every read
// asks Redis for the current offset of each item (one pipelined round trip), so a takedown (the
// hash is deleted) or an update is seen at once; the JSON is parsed again only when it changed.
// The cache is bounded (least recently used out).
import { redisKeys } from '@tessera/contracts/redis/keys';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';
import type { Redis } from 'ioredis';

export interface ItemReader {
  /** Live items by id; taken-down and unknown ids are absent. */
  get(contentIds: readonly string[]): Promise<Map<string, ContentItem>>;
}

export function createItemReader(redis: Pick<Redis, 'pipeline'>, maxCached = 50_000): ItemReader {
  const cache = new Map<string, { offset: string; item: ContentItem }>();
  const remember = (id: string, entry: { offset: string; item: ContentItem }) => {
    cache.delete(id);
    cache.set(id, entry);
    if (cache.size > maxCached) cache.delete(cache.keys().next().value!);
  };
  return {
    async get(contentIds) {
      const ids = [...new Set(contentIds)];
      const offsets = redis.pipeline();
      for (const id of ids) offsets.hget(redisKeys.contentItem(id), 'offset');
      const results = (await offsets.exec()) ?? [];
      const out = new Map<string, ContentItem>();
      const missing: { id: string; offset: string }[] = [];
      ids.forEach((id, i) => {
        const [error, offset] = results[i] ?? [null, null];
        if (error) throw error;
        if (offset === null || offset === undefined) return;
        const cached = cache.get(id);
        if (cached && cached.offset === offset) {
          out.set(id, cached.item);
          remember(id, cached);
        } else {
          missing.push({ id, offset: String(offset) });
        }
      });
      if (missing.length > 0) {
        const values = redis.pipeline();
        for (const m of missing) values.hmget(redisKeys.contentItem(m.id), 'value', 'offset');
        const read = (await values.exec()) ?? [];
        missing.forEach((m, i) => {
          const [error, pair] = read[i] ?? [null, null];
          if (error) throw error;
          const [json, offset] = (pair ?? [null, null]) as [string | null, string | null];
          if (json === null || offset === null) return; // taken down between the two reads
          const item = JSON.parse(json) as ContentItem;
          remember(m.id, { offset, item });
          out.set(m.id, item);
        });
      }
      return out;
    },
  };
}
