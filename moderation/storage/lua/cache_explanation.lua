-- Cache a comment's explanation, only while its record exists.
-- KEYS[1]  the comment's record
-- KEYS[2]  its explanation
-- ARGV[1]  the explanation (JSON)
-- ARGV[2]  its time to live, in seconds
-- Returns 1 when cached, 0 when the record is gone (expired, or erased at its reader's request).
-- Guarantee: the check and the write are one step, so an explanation made while its reader was being erased
-- (it holds parts of their text) is never written after the erasure.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
return 1
