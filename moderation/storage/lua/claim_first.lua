-- Claim the first unleased id of an ordered queue set, in one round trip.
-- KEYS[1]  the ordered set to walk (queue or queue_by_age)
-- ARGV[1]  the moderator's name (the lease's value)
-- ARGV[2]  the lease's duration in milliseconds
-- ARGV[3]  the lease key prefix (`Keys.lease("")`): a lease key is the prefix and the comment id
-- ARGV[4]  how many ids to read per ZRANGE
-- Returns the claimed id, or false when every id is leased.
-- Guarantee: SET NX decides, so of two concurrent claims exactly one creates a lease. Lease keys share the
-- namespace's hash tag with KEYS[1], so on Redis Cluster they live in the same slot.
local batch = tonumber(ARGV[4])
local offset = 0
while true do
  local ids = redis.call('ZRANGE', KEYS[1], offset, offset + batch - 1)
  if #ids == 0 then return false end
  for _, id in ipairs(ids) do
    if redis.call('SET', ARGV[3] .. id, ARGV[1], 'NX', 'PX', ARGV[2]) then return id end
  end
  offset = offset + batch
end
