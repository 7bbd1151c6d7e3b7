-- Guard of a change to one comment decided from a read of its record (a revert, the site's label on a comment
-- out of the queue): apply it only if the record is still the one read. Runs inside guarded_commit.lua.
-- KEYS[1]  the comment's record
-- KEYS[2]  queue: sorted set of pending ids
-- ARGV[1]  the comment id
-- ARGV[2]  the status read with the record
-- ARGV[3]  the `updated_at` read with the record (compared as a number; absent counts as 0)
-- ARGV[4]  the `feedback_label` read with the record ('' when none)
-- ARGV[5]  '1' when the comment must still be out of the queue (a revert), '0' when that does not matter
-- Returns {'missing'}, {'changed'} (status, updated_at, feedback label or queue membership moved since the
-- read), or false to let the writes run.
-- Guarantee: what a WATCH on the record gave: a concurrent decision, revert or label refuses the writes, and
-- the caller reads again.
local state = redis.call('HMGET', KEYS[1], 'status', 'updated_at', 'feedback_label')
if not state[1] then return {'missing'} end
if state[1] ~= ARGV[2] or tonumber(state[2] or '0') ~= tonumber(ARGV[3]) or (state[3] or '') ~= ARGV[4] then
  return {'changed'}
end
if ARGV[5] == '1' and redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'changed'} end
return false
