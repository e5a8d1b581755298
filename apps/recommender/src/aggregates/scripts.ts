// The Lua scripts behind the windowed aggregates. Each runs on the keys of one hash-tag slot
// (one content item, or one segment), so they work unchanged on Redis Cluster.
//
// ADD: applies a batch's events of one item (or segment) from one partition, exactly once. The
// guard hash (contentTotals / segmentWatermarks) holds wm:<topic>:<partition>, the last offset
// applied; events at or below it are skipped, the others increment their buckets, and the guard
// moves to the highest offset, all in the one script: a crash either applied the group or not,
// and a replay skips what was applied (events of a partition arrive in offset order).
//   KEYS[1] = guard, KEYS[2..] = bucket hashes and engagement zsets
//   ARGV[1] = watermark field, ARGV[2] = JSON { ttl, expire: [at per KEYS[2..]], guardCounts, times,
//             events: [{ o: offset, at, h: [hash key indexes], z: [zset key indexes], m: [metrics], c: contentId }] }
//
// READ: an item's counts for the feature windows, summed server-side (one round trip per item;
// one HMGET per bucket: it is the hottest script, run for every candidate not in the counts cache).
//   KEYS = totals, then the bucket hashes of the short, mid and long windows
//   ARGV = number of short, mid and long buckets
//   returns [engaged short, mid, long, impressions mid, long, engagements total, firstAt, lastAt]
//
// MERGE: a segment's popular lists (1m, 5m, 1h: ZUNIONSTORE of the engagement buckets, top K kept)
// and its trending list (5-minute rate against the item's own last hour).
//   KEYS = popular 1m, 5m, 1h, trending, then the engagement zsets of the 1m, 5m, 1h windows
//   ARGV = counts of 1m, 5m, 1h bucket keys, top K, ttl ms, minimum 5-minute engagements to trend

export const ADD_SCRIPT = `
local wm = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
local spec = cjson.decode(ARGV[2])
local top = wm
local applied = 0
for _, ev in ipairs(spec.events) do
  if ev.o > wm then
    for _, k in ipairs(ev.h) do
      for _, m in ipairs(ev.m) do redis.call('HINCRBY', KEYS[k], m, 1) end
    end
    for _, k in ipairs(ev.z) do redis.call('ZINCRBY', KEYS[k], 1, ev.c) end
    if spec.guardCounts then
      for _, m in ipairs(ev.m) do redis.call('HINCRBY', KEYS[1], m, 1) end
    end
    if spec.times and ev.e then
      local first = redis.call('HGET', KEYS[1], 'firstAt')
      if (not first) or tonumber(first) > ev.at then redis.call('HSET', KEYS[1], 'firstAt', string.format('%d', ev.at)) end
      local last = redis.call('HGET', KEYS[1], 'lastAt')
      if (not last) or tonumber(last) < ev.at then redis.call('HSET', KEYS[1], 'lastAt', string.format('%d', ev.at)) end
    end
    if ev.o > top then top = ev.o end
    applied = applied + 1
  end
end
if applied > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', top))
  redis.call('PEXPIRE', KEYS[1], spec.ttl)
  for i, at in ipairs(spec.expire) do redis.call('PEXPIREAT', KEYS[i + 1], at) end
end
return applied
`;

export const READ_SCRIPT = `
local function sum(from, to)
  local e, i = 0, 0
  for k = from, to do
    local v = redis.call('HMGET', KEYS[k], 'engagement', 'impression')
    e = e + tonumber(v[1] or '0')
    i = i + tonumber(v[2] or '0')
  end
  return e, i
end
local a = tonumber(ARGV[1])
local b = tonumber(ARGV[2])
local c = tonumber(ARGV[3])
local s1, s2 = 2, 1 + a
local m1, m2 = s2 + 1, s2 + b
local l1, l2 = m2 + 1, m2 + c
local t = redis.call('HMGET', KEYS[1], 'engagement', 'firstAt', 'lastAt')
local es = sum(s1, s2)
local em, im = sum(m1, m2)
local el, il = sum(l1, l2)
return { es, em, el, im, il, tonumber(t[1] or '0'), t[2] or false, t[3] or false }
`;

export const MERGE_SCRIPT = `
local n1 = tonumber(ARGV[1])
local n5 = tonumber(ARGV[2])
local n60 = tonumber(ARGV[3])
local k = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
local minTrend = tonumber(ARGV[6])
local function union(dest, first, count)
  local keys = {}
  for i = first, first + count - 1 do keys[#keys + 1] = KEYS[i] end
  redis.call('ZUNIONSTORE', dest, #keys, unpack(keys))
  redis.call('ZREMRANGEBYRANK', dest, 0, -(k + 1))
  redis.call('PEXPIRE', dest, ttl)
end
union(KEYS[1], 5, n1)
union(KEYS[2], 5 + n1, n5)
union(KEYS[3], 5 + n1 + n5, n60)
redis.call('DEL', KEYS[4])
local recent = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #recent, 2 do
  local c5 = tonumber(recent[i + 1])
  if c5 >= minTrend then
    local c60 = tonumber(redis.call('ZSCORE', KEYS[3], recent[i]) or recent[i + 1])
    local before = math.max(c60 - c5, 0) / 55
    redis.call('ZADD', KEYS[4], (c5 / 5 + 0.1) / (before + 0.1), recent[i])
  end
end
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(k + 1))
redis.call('PEXPIRE', KEYS[4], ttl)
return redis.call('ZCARD', KEYS[4])
`;
