-- Find the moderator holding a bearer token, in one round trip.
-- KEYS[1]  moderator_tokens: hash, token sha256 -> moderator name
-- KEYS[2]  moderators: hash, moderator name -> JSON entry
-- ARGV[1]  the presented token's sha256
-- Returns {name, entry}, or false when the token is unknown or its moderator was revoked.
-- Guarantee: reads only; both keys share the namespace's hash tag (one Redis Cluster slot).
local name = redis.call('HGET', KEYS[1], ARGV[1])
if not name then return false end
local entry = redis.call('HGET', KEYS[2], name)
if not entry then return false end
return {name, entry}
