-- Give back a lease, only if the caller holds it.
-- KEYS[1]  the lease key
-- ARGV[1]  the moderator releasing it
-- Returns 1 when the lease was deleted, 0 when it is someone else's or gone.
-- Guarantee: compare and delete are one step: another moderator's lease is never deleted.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
