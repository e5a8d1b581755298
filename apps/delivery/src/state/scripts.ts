// The Lua scripts behind a user's pushes stream (u:{userId}:pushes, one key, so one slot). Every
// entry holds the user's full state after a change: f = the feed JSON as produced, e/i/t = its
// eventId, feedId and occurredAt, c = its card contentIds, r = those taken down since (both
// space-separated; ids never contain spaces), k = what changed (feed | remove) and x = the
// removed contentId. A full state per entry makes "the current state" one XREVRANGE, and lets
// each change be checked and appended atomically by whichever node sees it first.

const FIELDS = `
local function fields(entry)
  local m = {}
  local f = entry[2]
  for j = 1, #f, 2 do m[f[j]] = f[j + 1] end
  return m
end
local function has(list, x)
  return string.find(' ' .. list .. ' ', ' ' .. x .. ' ', 1, true) ~= nil
end
`;

// KEYS[1] pushes, KEYS[2] presence; ARGV f, e, t, i, c, r, maxlen, ttlMs. A replay of the
// current feed (same eventId, at-least-once consumption) is 'dup' and returns the current state
// so it can still be delivered (a node may have died between XADD and delivering); a feed older
// than the current one is 'stale' (a replay after a rebalance, or out of order) and is not
// appended: the newest feed wins. The user's presence hash (same slot) comes back too, so routing
// costs no second round trip; a new entry's state is the caller's own arguments, so only its id
// is returned.
export const APPEND_FEED = `${FIELDS}
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local latest = fields(last[1])
  if latest.e == ARGV[2] then
    return {'dup', redis.call('HGETALL', KEYS[2]), last[1][1], latest.i, latest.f, latest.r, latest.c}
  end
  if tonumber(latest.t) > tonumber(ARGV[3]) then return {'stale'} end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[7], '*', 'k', 'feed', 'f', ARGV[1], 'e', ARGV[2], 't', ARGV[3], 'i', ARGV[4], 'c', ARGV[5], 'r', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return {'new', redis.call('HGETALL', KEYS[2]), id}
`;

// KEYS[1] pushes; ARGV contentId, maxlen, ttlMs. Idempotent across nodes: the first node to see
// the takedown appends the removal, the others get 'already' with the current state.
export const APPEND_REMOVE = `${FIELDS}
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last == 0 then return {'absent'} end
local m = fields(last[1])
if not has(m.c, ARGV[1]) then return {'absent'} end
if has(m.r, ARGV[1]) then return {'already', last[1][1], m.i, m.f, m.r, m.c} end
local r = ARGV[1]
if m.r ~= '' then r = m.r .. ' ' .. ARGV[1] end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'k', 'remove', 'x', ARGV[1], 'f', m.f, 'e', m.e, 't', m.t, 'i', m.i, 'c', m.c, 'r', r)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'new', id, m.i, m.f, r, m.c}
`;

// KEYS[1] pushes, KEYS[2] the recommender's feed key; ARGV lastOffset ('' = none). Returns
// {feedKeyValue} when the stream is empty (the caller starts it from that feed, if any), else the
// current state {id, feedId, feed, removed, cards}; when lastOffset is an entry of the stream,
// also the feedId and removed list at lastOffset and, per entry after it, {id, k, x, feedId}.
export const READ_SINCE = `${FIELDS}
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last == 0 then return {redis.call('GET', KEYS[2])} end
local m = fields(last[1])
local out = {last[1][1], m.i, m.f, m.r, m.c}
if ARGV[1] == '' then return out end
local at = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #at == 0 then return out end
local a = fields(at[1])
table.insert(out, a.i)
table.insert(out, a.r)
local after = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+')
for n = 1, #after do
  local e = fields(after[n])
  table.insert(out, after[n][1])
  table.insert(out, e.k)
  table.insert(out, e.x or '')
  table.insert(out, e.i)
end
return out
`;
