-- Guard of a decision (a moderator's, or the site's feedback): apply it only if the item is still the one
-- the decider saw. Runs inside guarded_commit.lua.
-- KEYS[1]  the comment's record
-- KEYS[2]  the comment's lease
-- KEYS[3]  queue: sorted set of pending ids
-- ARGV[1]  the comment id
-- ARGV[2]  the decider (a moderator's name, or the site's actor name)
-- ARGV[3]  the status read with the record
-- ARGV[4]  the `updated_at` read with the record (compared as a number; absent counts as 0)
-- ARGV[5]  '1' when a claim gives way to this decision (the site's verdict), '0' when it refuses it
-- Returns {'missing'}, {'decided'} (no longer queued), {'claimed'} (another moderator's live lease),
-- {'changed'} (status or updated_at moved since the read), or false to let the writes run.
-- Guarantee: two decisions on one comment never both apply; a moderator's decision never overrides another's
-- lease (only the site's does, and its writes delete the lease).
local state = redis.call('HMGET', KEYS[1], 'status', 'updated_at')
if not state[1] then return {'missing'} end
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return {'decided'} end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[2] and ARGV[5] ~= '1' then return {'claimed'} end
if state[1] ~= ARGV[3] or tonumber(state[2] or '0') ~= tonumber(ARGV[4]) then return {'changed'} end
return false
