// Where a user's candidates come from (one pipelined Redis read): trending and popular in the
// user's segment, fresh items in their languages, fresh and popular items in their strongest
// affinity categories, fresh items in their declared interests (what carries a new user), and
// items related to their recent engagements through the model's co-visitation index. Reasons are
// the Feed contract's card reasons.
import { redisKeys } from '@tessera/contracts/redis/keys';
import { segmentId } from '@tessera/contracts/redis/segment';
import type { CandidateList } from '@tessera/ranking/candidates/gather';
import { relatedItems } from '@tessera/ranking/retrieval/related';
import type { FrozenCoVisitation } from '@tessera/ranking/retrieval/co-visitation';
import type { Redis } from 'ioredis';

export interface ListRequest {
  readonly languages: readonly string[];
  readonly country: string | undefined;
  /** Strongest affinity categories first. */
  readonly categories: readonly string[];
  readonly interests: readonly string[];
  readonly recent: readonly (readonly [string, number])[];
  readonly covis: FrozenCoVisitation | undefined;
  readonly breaking?: string | undefined;
  readonly now: number;
  /** Candidates the feed ranks (MAX_CANDIDATES): the lists are sized so their union can reach it. */
  readonly maxCandidates: number;
}

/** Each list's length for 250 candidates; lists overlap (popular in 5 minutes and in the hour, fresh and popular). */
export const LIST_SIZES = { trending: 100, popular: 100, fresh: 100, category: 40, categoryPopular: 30, interest: 30, related: 150 };
const BASE_CANDIDATES = 250;

/** List lengths scaled with the candidates a feed ranks (the union of the lists is what gets ranked). */
export function listSizes(maxCandidates: number): typeof LIST_SIZES {
  const scale = Math.max(1, maxCandidates) / BASE_CANDIDATES;
  const out = {} as Record<keyof typeof LIST_SIZES, number>;
  for (const [k, v] of Object.entries(LIST_SIZES)) out[k as keyof typeof LIST_SIZES] = Math.max(1, Math.round(v * scale));
  return out;
}

export async function candidateLists(redis: Pick<Redis, 'pipeline'>, q: ListRequest): Promise<CandidateList[]> {
  const LIST_SIZES = listSizes(q.maxCandidates);
  const language = q.languages[0] ?? 'und';
  const home = segmentId({ language, country: q.country });
  const reads: { reason: string; key: string; count: number; fresh: boolean }[] = [
    { reason: 'trending_in_segment', key: redisKeys.segmentTrending(home), count: LIST_SIZES.trending, fresh: false },
    { reason: 'popular', key: redisKeys.segmentPopular(home, '1h'), count: LIST_SIZES.popular, fresh: false },
    { reason: 'popular', key: redisKeys.segmentPopular(home, '5m'), count: LIST_SIZES.popular, fresh: false },
  ];
  for (const l of q.languages.length > 0 ? q.languages : [language]) {
    reads.push({ reason: 'fresh', key: redisKeys.segmentFresh(segmentId({ language: l })), count: LIST_SIZES.fresh, fresh: true });
  }
  for (const category of q.categories) {
    reads.push({ reason: 'category_affinity', key: redisKeys.segmentFresh(segmentId({ language, category })), count: LIST_SIZES.category, fresh: true });
    reads.push({ reason: 'category_affinity', key: redisKeys.segmentPopular(segmentId({ language, country: q.country, category }), '1h'), count: LIST_SIZES.categoryPopular, fresh: false });
  }
  for (const interest of q.interests) {
    reads.push({ reason: 'interests', key: redisKeys.segmentFresh(segmentId({ language, category: interest })), count: LIST_SIZES.interest, fresh: true });
  }
  const pipeline = redis.pipeline();
  for (const r of reads) {
    // Fresh sets are scored by expiry: the newest items expire last. Expired ones are skipped here
    // and removed by the content role when it writes.
    if (r.fresh) pipeline.zrevrangebyscore(r.key, '+inf', `(${q.now}`, 'LIMIT', 0, r.count);
    else pipeline.zrevrange(r.key, 0, r.count - 1);
  }
  const results = (await pipeline.exec()) ?? [];
  const lists: CandidateList[] = [];
  if (q.breaking) lists.push({ reason: 'breaking', ids: [q.breaking] });
  if (q.covis && q.recent.length > 0) lists.push({ reason: 'related', ids: relatedItems(q.covis, q.recent, LIST_SIZES.related, 50) });
  reads.forEach((r, i) => {
    const [error, ids] = results[i] ?? [null, []];
    if (error) throw error;
    lists.push({ reason: r.reason, ids: ids as string[] });
  });
  return lists;
}
