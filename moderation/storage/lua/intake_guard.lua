-- Guard of the intake's commit: store the comment only if it still repeats nothing.
-- Runs after repeats.lua, inside guarded_commit.lua: KEYS and ARGV[1..2] are repeats.lua's.
-- ARGV[3]  the site memory's burst bucket prefix (`Keys.memory_prefixes()`, under the namespace's hash tag)
-- ARGV[4]  the comment's burst groups, space-separated ('' for a text too short for a print)
-- ARGV[5]  its identity digest, ARGV[6] now (ms), ARGV[7] the campaign window (ms)
-- Returns repeats.lua's refusal, or false to let the writes run.
-- Guarantee: a duplicate, flood or replay that appeared since the pre-check refuses the whole commit; else
-- the comment's identity joins its burst buckets in the same script as its other writes (identities older
-- than the window are dropped, and a bucket expires a window after its last comment). The buckets' names are
-- built here from their prefix (as site_memory.lua does) and share the namespace's hash tag: one Cluster slot.
local refusal = refused()
if refusal then return refusal end
local now, window = tonumber(ARGV[6]), tonumber(ARGV[7])
for value in string.gmatch(ARGV[4], '%S+') do
  local key = ARGV[3] .. value
  redis.call('ZADD', key, now, ARGV[5])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('PEXPIRE', key, window)
end
return false
