// The fresh-item indexes a content item belongs to: per language, all categories and each of its
// categories (segments "<language>.ZZ.<category|*>"; regions are filtered per user at ranking
// time), scored by expiry so the newest items come first and expired ones fall off by score.
import { redisKeys } from '@tessera/contracts/redis/keys';
import { segmentId } from '@tessera/contracts/redis/segment';
import type { ContentItem } from '@tessera/contracts/schemas/content-item';

export function freshKeys(item: Pick<ContentItem, 'languages' | 'categories'>): string[] {
  const keys: string[] = [];
  for (const language of item.languages) {
    keys.push(redisKeys.segmentFresh(segmentId({ language })));
    for (const category of item.categories) keys.push(redisKeys.segmentFresh(segmentId({ language, category })));
  }
  return keys;
}
