// The Lua script that applies one partition's batch of a compacted topic to Redis atomically:
// the entity hashes and the partition's "next offset" bookkeeping change together, so Redis
// always holds a state that some prefix of the partition produced. A record below the stored
// offset was applied before (a replay after a crash or a reset Kafka position) and is skipped, so
// a replay never regresses a newer value and never resurrects a deleted one. Each hash also
// carries the partition and offset that wrote it, a second guard should the bookkeeping be lost.
//
// KEYS[1]      offsets hash (field = partition, value = next offset to apply)
// KEYS[2..]    one entity key per record, in offset order
// ARGV[1]      partition;  ARGV[2] next offset after the batch (covers dead-lettered records)
// ARGV[3+3i..] per record: offset, 'set' | 'del', value (JSON; '' for 'del')
// Returns the number of records applied.
import type { Redis } from 'ioredis';

export const APPLY_BATCH_LUA = `
local part = ARGV[1]
local stored = tonumber(redis.call('HGET', KEYS[1], part) or '0')
local applied = 0
for i = 2, #KEYS do
  local base = 3 + (i - 2) * 3
  local off = tonumber(ARGV[base])
  if off >= stored then
    local key = KEYS[i]
    local cur = redis.call('HMGET', key, 'partition', 'offset')
    if not (cur[1] == part and cur[2] and tonumber(cur[2]) >= off) then
      if ARGV[base + 1] == 'del' then
        redis.call('DEL', key)
      else
        redis.call('HSET', key, 'value', ARGV[base + 2], 'partition', part, 'offset', ARGV[base])
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

export interface TableEntry {
  /** Redis key of the record's hash. */
  key: string;
  offset: string;
  /** The record's JSON; null = tombstone (delete). */
  value: string | null;
}

export interface TableBatch {
  offsetsKey: string;
  partition: number;
  /** Stored as the partition's next offset (the batch's last offset + 1, dead letters included). */
  nextOffset: string;
  entries: readonly TableEntry[];
}

type ScriptRedis = Pick<Redis, 'defineCommand'>;
type WithCommand = { tesseraApplyTable(numKeys: number, ...args: string[]): Promise<number> };

/** Applies a batch atomically; returns how many entries changed Redis (the rest were replays). */
export async function applyTableBatch(redis: ScriptRedis, batch: TableBatch): Promise<number> {
  const withCommand = redis as unknown as Partial<WithCommand>;
  if (!withCommand.tesseraApplyTable) redis.defineCommand('tesseraApplyTable', { lua: APPLY_BATCH_LUA });
  const args: string[] = [String(batch.partition), batch.nextOffset];
  for (const e of batch.entries) args.push(e.offset, e.value === null ? 'del' : 'set', e.value ?? '');
  return (redis as unknown as WithCommand).tesseraApplyTable(batch.entries.length + 1, batch.offsetsKey, ...batch.entries.map((e) => e.key), ...args);
}
