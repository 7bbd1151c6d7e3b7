-- Tail of every guarded commit: run the guard, then, only if it refused nothing, the recorded writes.
-- The guard's text is placed above as the body of `local function guard()` (see storage/commit.py).
-- KEYS     the guard's keys
-- ARGV     the guard's arguments, then last: the writes as a JSON list of commands, each a list of strings
-- Returns the guard's refusal, or {'ok'} once every write has run.
-- Guarantee: all or nothing, with nothing in between: the check and the writes run as one script. Every key
-- written must share the namespace's hash tag with KEYS, so the script stays in one Redis Cluster slot.
local refusal = guard()
if refusal then return refusal end
for _, command in ipairs(cjson.decode(ARGV[#ARGV])) do
  redis.call(unpack(command))
end
return {'ok'}
