-- Read what moderators see of some comments, in one round trip.
-- KEYS[1]  approved_authors: hash, email hash -> approved comments
-- ARGV[1]  the comment key prefix (`Keys.comment("")`)
-- ARGV[2]  the lease key prefix (`Keys.lease("")`)
-- ARGV[3]  the author history key prefix (`Keys.author_comments("")`)
-- ARGV[4]  the most earlier comments to return per author
-- ARGV[5...]  the comment ids
-- Returns, per id: its record (flat HGETALL), lease holder, lease TTL (ms), the author's number of earlier
-- comments, up to ARGV[4] of them as (id, time, status), and the author's approved count.
-- Guarantee: reads only, from one snapshot. Every key shares the namespace's hash tag with KEYS[1], so on
-- Redis Cluster they live in one slot.
local out = {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local record = redis.call('HGETALL', ARGV[1] .. id)
  local holder = redis.call('GET', ARGV[2] .. id)
  local ttl = redis.call('PTTL', ARGV[2] .. id)
  local email, created = nil, nil
  for j = 1, #record, 2 do
    if record[j] == 'email_hash' then email = record[j + 1] end
    if record[j] == 'created_at' then created = record[j + 1] end
  end
  local count, earlier, approved = 0, {}, false
  if email and email ~= '' and created then
    local history = ARGV[3] .. email
    count = redis.call('ZCOUNT', history, '-inf', '(' .. created)
    local rows = redis.call('ZREVRANGEBYSCORE', history, '(' .. created, '-inf', 'WITHSCORES', 'LIMIT', 0, ARGV[4])
    for j = 1, #rows, 2 do
      table.insert(earlier, rows[j])
      table.insert(earlier, rows[j + 1])
      table.insert(earlier, redis.call('HGET', ARGV[1] .. rows[j], 'status') or '')
    end
    approved = redis.call('HGET', KEYS[1], email)
  end
  table.insert(out, {record, holder, ttl, count, earlier, approved})
end
return out
