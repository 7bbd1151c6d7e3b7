-- Prelude of the intake's scripts: `refused()`, whether a submission repeats an earlier one.
-- KEYS[1]  duplicate: the fingerprint's key (holds the first comment's id)
-- KEYS[2]  idempotency: the Idempotency-Key's key (KEYS[1] again when the request has none)
-- KEYS[3..2+ARGV[2]]  flood keys (IP and email), each set with a TTL after a comment
-- ARGV[1]  '1' when KEYS[2] is a real idempotency key, else '0'
-- ARGV[2]  how many flood keys follow
-- `refused()` returns {'replay', first answer}, {'duplicate', id} or {'flood', ms left}, else false.
-- Guarantee: a replay is answered first (a retry gets its first answer), then WordPress's order: duplicate
-- before flood. `nkeys` is the number of KEYS it uses; the including script's own KEYS follow them.
local nkeys = 2 + tonumber(ARGV[2])
local function refused()
  if ARGV[1] == '1' then
    local first = redis.call('GET', KEYS[2])
    if first then return {'replay', first} end
  end
  local existing = redis.call('GET', KEYS[1])
  if existing then return {'duplicate', existing} end
  for i = 3, nkeys do
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl > 0 then return {'flood', tostring(ttl)} end
  end
  return false
end
