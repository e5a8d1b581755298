// Owns the question "do the positions a table keeps in Redis belong to the log we now read?".
// Redis outlives Kafka in local runs (delete .tessera, keep the machine's Redis) and can outlive a
// topic in production (deleted and recreated). Stored offsets from another log make the table
// skip records: the consumer seeks past the new log's end, kafkajs resets to its start, and every
// record there is below the stored offset. So, at each assignment, the stored state is compared
// with the log: the offsets hash records the `source` it was built from (the Kafka cluster id plus
// an epoch), and a stored offset beyond a partition's high watermark means another log even on
// the same cluster. When it belongs to another log, the hash is reset in one script (only if no
// other member reset it first) and the table is rebuilt from offset 0 under a new source. Entity
// hashes carry the source too: their per-key offset guard only applies within one source, so the
// new log's records overwrite what the old one wrote (table-script.ts).
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';

/** Field of the offsets hash naming the log the offsets (and the table) were built from. */
export const SOURCE_FIELD = 'source';

export interface LogFacts {
  clusterId: string;
  /** Next offset to be written, per partition. */
  highWatermarks: ReadonlyMap<number, bigint>;
}

export type SourceCheck = { same: true } | { same: false; reason: string };

/** The cluster id and high watermarks of `topic` (the physical name), through a short-lived admin. */
export async function readLogFacts(kafka: Kafka, topic: string): Promise<LogFacts> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { clusterId } = await admin.describeCluster();
    const offsets = await admin.fetchTopicOffsets(topic);
    return { clusterId, highWatermarks: new Map(offsets.map((o) => [o.partition, BigInt(o.high)])) };
  } finally {
    await admin.disconnect();
  }
}

const clusterOf = (source: string): string => source.slice(0, source.lastIndexOf('/'));

/** Pure: does the stored offsets hash (HGETALL) describe this log? */
export function compareWithLog(stored: Readonly<Record<string, string>>, facts: LogFacts): SourceCheck {
  const source = stored[SOURCE_FIELD];
  if (source !== undefined && clusterOf(source) !== facts.clusterId) {
    return { same: false, reason: `stored for Kafka cluster ${clusterOf(source)}, now reading cluster ${facts.clusterId}` };
  }
  for (const [field, value] of Object.entries(stored)) {
    if (!/^\d+$/.test(field)) continue;
    const high = facts.highWatermarks.get(Number(field));
    if (high !== undefined && BigInt(value) > high) {
      return { same: false, reason: `partition ${field}: stored offset ${value} is beyond the high watermark ${high}` };
    }
  }
  return { same: true };
}

export function newSource(clusterId: string): string {
  return `${clusterId}/${randomUUID()}`;
}

// KEYS[1] offsets hash; ARGV[1] the source the caller saw ('' = none); ARGV[2] the new source.
// Resets only if nobody changed the source since; returns the source in force afterwards.
const RESET_LUA = `
local current = redis.call('HGET', KEYS[1], '${SOURCE_FIELD}') or ''
if current ~= ARGV[1] then return current end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '${SOURCE_FIELD}', ARGV[2])
return ARGV[2]
`;

interface Commands { tesseraTableReset(key: string, seen: string, next: string): Promise<string> }

/** Drops every stored position and names the new source, unless another member already did. */
export async function resetTableSource(redis: Pick<Redis, 'defineCommand'>, offsetsKey: string, seen: string | undefined, next: string): Promise<string> {
  const c = redis as unknown as Partial<Commands>;
  if (!c.tesseraTableReset) redis.defineCommand('tesseraTableReset', { lua: RESET_LUA, numberOfKeys: 1 });
  return (redis as unknown as Commands).tesseraTableReset(offsetsKey, seen ?? '', next);
}

/** Records the source of a table that has none yet (a new table, or one built before sources). */
export async function adoptTableSource(redis: Pick<Redis, 'hsetnx' | 'hget'>, offsetsKey: string, next: string): Promise<string> {
  await redis.hsetnx(offsetsKey, SOURCE_FIELD, next);
  return (await redis.hget(offsetsKey, SOURCE_FIELD)) ?? next;
}
