-- Reserve the webhook events due for delivery.
-- KEYS[1]  outbox_due: sorted set, event id -> time of its next attempt
-- ARGV[1]  now (epoch seconds): events scored at or before it are due
-- ARGV[2]  when a reservation expires: taken events are re-scored to it
-- ARGV[3]  the most events to take
-- Returns the taken event ids.
-- Guarantee: read and re-score are one step, so two workers never take the same event before it expires.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], ARGV[2], id)
end
return ids
