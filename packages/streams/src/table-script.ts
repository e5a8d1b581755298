// The Lua scripts that apply one partition's batch of a compacted topic to Redis.
//
// 'single-slot' (a single Redis server; the default): one script changes the entity hashes and
// the partition's "next offset" bookkeeping together, so Redis always holds a state that some
// prefix of the partition produced. A record below the stored offset was applied before (a replay
// after a crash or a reset Kafka position) and is skipped, so a replay never regresses a newer
// value nor resurrects a deleted one. Each hash also carries the partition and offset that wrote
// it, a second guard should the bookkeeping be lost, and the source (log) it came from: the
// guard only holds within one source, so after a reset to another log (table-source.ts) that
// log's records overwrite the old ones whatever their offsets. A tombstone deletes the hash.
//
// 'cluster' (Redis Cluster): a script may only touch one slot, and the offsets key and the
// entities live in different slots. Each entity is then applied by its own script, guarded by its
// own partition/offset, and a tombstone leaves a small marker (deleted, partition, offset; no
// value) that expires after the topic's delete.retention.ms: by then compaction has removed the
// key's older records from the log too, so no replay can resurrect it. The offsets are raised
// after the entities; a crash in between only replays records the per-key guards skip.
import type { Redis } from 'ioredis';

export type TableAtomicity = 'single-slot' | 'cluster';

// KEYS[1] offsets hash (field = partition); KEYS[2..] one entity key per record, in offset order.
// ARGV[1] partition; ARGV[2] next offset after the batch (covers dead-lettered records); ARGV[3]
// source; ARGV[4+3i..] per record: offset, 'set' | 'del', value (JSON; '' for 'del'). Returns #applied.
const APPLY_BATCH_LUA = `
local part = ARGV[1]
local source = ARGV[3]
local stored = tonumber(redis.call('HGET', KEYS[1], part) or '0')
local applied = 0
for i = 2, #KEYS do
  local base = 4 + (i - 2) * 3
  local off = tonumber(ARGV[base])
  if off >= stored then
    local key = KEYS[i]
    local cur = redis.call('HMGET', key, 'partition', 'offset', 'source')
    if not (cur[3] == source and cur[1] == part and cur[2] and tonumber(cur[2]) >= off) then
      if ARGV[base + 1] == 'del' then
        redis.call('DEL', key)
      else
        redis.call('HSET', key, 'value', ARGV[base + 2], 'partition', part, 'offset', ARGV[base], 'source', source)
      end
      applied = applied + 1
    end
  end
end
if tonumber(ARGV[2]) > stored then
  redis.call('HSET', KEYS[1], part, ARGV[2])
end
return applied
`;

// KEYS[1] entity; ARGV: partition, offset, 'set' | 'del', value, marker TTL ms, source.
// Returns 1 if applied.
const APPLY_KEY_LUA = `
local cur = redis.call('HMGET', KEYS[1], 'partition', 'offset', 'source')
if cur[3] == ARGV[6] and cur[1] == ARGV[1] and cur[2] and tonumber(cur[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('DEL', KEYS[1])
if ARGV[3] == 'del' then
  redis.call('HSET', KEYS[1], 'deleted', '1', 'partition', ARGV[1], 'offset', ARGV[2], 'source', ARGV[6])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
else
  redis.call('HSET', KEYS[1], 'value', ARGV[4], 'partition', ARGV[1], 'offset', ARGV[2], 'source', ARGV[6])
end
return 1
`;

// KEYS[1] offsets hash; ARGV: partition, next offset. Never moves a position backwards.
const RAISE_OFFSET_LUA = `
local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > stored then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 0
`;

export interface TableEntry {
  /** Redis key of the record's hash. */
  key: string;
  offset: string;
  /** The record's JSON; null = tombstone. */
  value: string | null;
}

export interface TableBatch {
  offsetsKey: string;
  /** The log the table is built from (table-source.ts); written on, and guarding, every entity. */
  source: string;
  partition: number;
  /** Stored as the partition's next offset (the batch's last offset + 1, dead letters included). */
  nextOffset: string;
  entries: readonly TableEntry[];
}

type ScriptRedis = Pick<Redis, 'defineCommand'>;
interface Commands {
  tesseraTableBatch(numKeys: number, ...args: string[]): Promise<number>;
  tesseraTableKey(key: string, ...args: string[]): Promise<number>;
  tesseraTableOffset(key: string, partition: string, next: string): Promise<number>;
}

function commands(redis: ScriptRedis): Commands {
  const c = redis as unknown as Partial<Commands>;
  if (!c.tesseraTableBatch) redis.defineCommand('tesseraTableBatch', { lua: APPLY_BATCH_LUA });
  if (!c.tesseraTableKey) redis.defineCommand('tesseraTableKey', { lua: APPLY_KEY_LUA, numberOfKeys: 1 });
  if (!c.tesseraTableOffset) redis.defineCommand('tesseraTableOffset', { lua: RAISE_OFFSET_LUA, numberOfKeys: 1 });
  return redis as unknown as Commands;
}

/** Applies a batch atomically (one slot); returns how many entries changed Redis. */
export async function applyTableBatch(redis: ScriptRedis, batch: TableBatch): Promise<number> {
  const args: string[] = [String(batch.partition), batch.nextOffset, batch.source];
  for (const e of batch.entries) args.push(e.offset, e.value === null ? 'del' : 'set', e.value ?? '');
  return commands(redis).tesseraTableBatch(batch.entries.length + 1, batch.offsetsKey, ...batch.entries.map((e) => e.key), ...args);
}

/** Applies a batch one key at a time (Redis Cluster), then raises the offset; returns #applied. */
export async function applyTableBatchPerKey(redis: ScriptRedis, batch: TableBatch, markerTtlMs: number): Promise<number> {
  const cmd = commands(redis);
  // Only a key's last record in the batch matters, which also makes the per-key calls
  // independent of each other, so they can be in flight together.
  const last = new Map<string, TableEntry>();
  for (const e of batch.entries) last.set(e.key, e);
  const partition = String(batch.partition);
  const applied = await Promise.all([...last.values()].map((e) =>
    cmd.tesseraTableKey(e.key, partition, e.offset, e.value === null ? 'del' : 'set', e.value ?? '', String(markerTtlMs), batch.source)));
  await cmd.tesseraTableOffset(batch.offsetsKey, partition, batch.nextOffset);
  return applied.reduce((n, a) => n + a, 0);
}
