-- Guard of a moderator's decision: apply it only if the item is still the one the moderator saw.
-- Runs inside guarded_commit.lua.
-- KEYS[1]  the comment's record
-- KEYS[2]  the comment's lease
-- KEYS[3]  queue: sorted set of pending ids
-- ARGV[1]  the comment id
-- ARGV[2]  the deciding moderator
-- ARGV[3]  the status read with the record
-- ARGV[4]  the `updated_at` read with the record (compared as a number; absent counts as 0)
-- Returns {'missing'}, {'decided'} (no longer queued), {'claimed'} (another moderator's live lease),
-- {'changed'} (status or updated_at moved since the read), or false to let the writes run.
-- Guarantee: two decisions on one comment never both apply; a decision never overrides another's lease.
local state = redis.call('HMGET', KEYS[1], 'status', 'updated_at')
if not state[1] then return {'missing'} end
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return {'decided'} end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[2] then return {'claimed'} end
if state[1] ~= ARGV[3] or tonumber(state[2] or '0') ~= tonumber(ARGV[4]) then return {'changed'} end
return false
