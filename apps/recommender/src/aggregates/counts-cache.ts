// Window counts of items change by the second and are shared by every feed that considers the
// item, so each process keeps them for `ttlMs` (1 s by default: the 1-minute window moves in
// 10-second buckets) instead of asking Redis for the same items hundreds of times a second.
import type { ItemCounts } from '@tessera/features/popularity';

export function cachedCounts(
  read: (contentIds: readonly string[], now: number) => Promise<Map<string, ItemCounts>>,
  ttlMs = 1_000,
  maxEntries = 100_000,
): (contentIds: readonly string[], now: number) => Promise<Map<string, ItemCounts>> {
  const cache = new Map<string, { at: number; counts: ItemCounts }>();
  return async (contentIds, now) => {
    const out = new Map<string, ItemCounts>();
    const missing: string[] = [];
    for (const id of contentIds) {
      const hit = cache.get(id);
      if (hit && now - hit.at < ttlMs && now >= hit.at) out.set(id, hit.counts);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const fresh = await read(missing, now);
      for (const [id, counts] of fresh) {
        cache.delete(id);
        cache.set(id, { at: now, counts });
        out.set(id, counts);
      }
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    }
    return out;
  };
}
