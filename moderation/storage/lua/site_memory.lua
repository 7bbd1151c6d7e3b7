-- Prelude: `recall(a)`, what the site memory holds for one comment's marks (see moderation/site/memory.py).
-- ARGV[a..a+3]  the key prefixes of link entries, phone entries, text buckets and burst buckets
--               (storage/keys.py: `Keys.memory_prefixes()`, under the namespace's hash tag)
-- ARGV[a+4..a+7]  the comment's link domains, phone numbers, print values and burst groups, space-separated
-- ARGV[a+8..a+10]  the campaign window's start (ms); the comment's identity digest; the most fields read
--                  from one text bucket
-- The keys are built here from their prefixes rather than passed as KEYS: declared, they were up to 40
-- arguments per comment, and redis-py's encoding of them cost more than everything else the memory does.
-- Every key built shares the namespace's hash tag with the script's KEYS: the same Redis Cluster slot.
-- Returns a flat list: for each link domain its spam, ham and approved counts; for each phone number its spam
-- and ham counts; the labelled-spam text sharing the most print values (id, values shared, spam, ham; '' and
-- zeros when none); the burst: how many other identities the comment's second-busiest burst group saw since
-- the window's start (a copy shares at least two groups; one shared group is often chance in a short text),
-- and the busiest group.
-- Guarantee: reads only; bounded work (5 links, 3 numbers, 16 text buckets of at most ARGV[a+10] fields each,
-- 4 burst counts in O(log n)).
local function words(s)
  local out = {}
  for w in string.gmatch(s, '%S+') do out[#out + 1] = w end
  return out
end

local function recall(a)
  local link, phone, text, burst = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local since, identity, cap = ARGV[a + 8], ARGV[a + 9], tonumber(ARGV[a + 10])
  local out = {}
  for _, domain in ipairs(words(ARGV[a + 4])) do
    local counts = redis.call('HMGET', link .. domain, 'spam', 'ham', 'approved')
    out[#out + 1] = counts[1] or '0'
    out[#out + 1] = counts[2] or '0'
    out[#out + 1] = counts[3] or '0'
  end
  for _, number in ipairs(words(ARGV[a + 5])) do
    local counts = redis.call('HMGET', phone .. number, 'spam', 'ham')
    out[#out + 1] = counts[1] or '0'
    out[#out + 1] = counts[2] or '0'
  end
  -- Text buckets: field "s:<text id>" holds that text's spam labels, "h:<text id>" its ham labels.
  local hits, spam, ham = {}, {}, {}
  for _, value in ipairs(words(ARGV[a + 6])) do
    local key = text .. value
    local size = redis.call('HLEN', key)
    if size > 0 and size <= cap then
      local flat = redis.call('HGETALL', key)
      for i = 1, #flat, 2 do
        local id = string.sub(flat[i], 3)
        if string.sub(flat[i], 1, 1) == 's' then
          hits[id] = (hits[id] or 0) + 1
          spam[id] = tonumber(flat[i + 1])
        else
          ham[id] = tonumber(flat[i + 1])
        end
      end
    end
  end
  local best, best_hits = '', 0
  for id, n in pairs(hits) do
    if spam[id] > (ham[id] or 0) and (n > best_hits or (n == best_hits and id < best)) then
      best, best_hits = id, n
    end
  end
  out[#out + 1] = best
  out[#out + 1] = tostring(best_hits)
  out[#out + 1] = tostring(spam[best] or 0)
  out[#out + 1] = tostring(ham[best] or 0)
  -- Burst buckets: a sorted set of identities by their latest arrival (ms) with that group of print values.
  local most, second, group = 0, 0, ''
  for _, value in ipairs(words(ARGV[a + 7])) do
    local key = burst .. value
    local n = redis.call('ZCOUNT', key, since, '+inf')
    local own = redis.call('ZSCORE', key, identity)
    if own and tonumber(own) >= tonumber(since) then n = n - 1 end
    if n > most then
      most, second, group = n, most, value
    elseif n > second then
      second = n
    end
  end
  out[#out + 1] = tostring(second)
  out[#out + 1] = group
  return out
end
