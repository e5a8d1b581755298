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
