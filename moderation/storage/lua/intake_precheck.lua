-- Read everything the intake's decision needs, unless the submission repeats an earlier one.
-- Runs after repeats.lua and site_memory.lua: KEYS[1..nkeys] and ARGV[1..2] are repeats.lua's.
-- KEYS[nkeys+1]  approved_authors: hash, email hash -> approved comments
-- KEYS[nkeys+2]  banned_emails: set of email hashes
-- KEYS[nkeys+3]  banned_ips: set of IP hashes
-- ARGV[3]  the author's email hash ('' when none)
-- ARGV[4]  the author's IP hash ('' when none)
-- ARGV[5..15]  site_memory.lua's `recall` arguments (its keys share the namespace's hash tag)
-- Returns repeats.lua's refusal, or {'ok', approved count, '1' if banned else '0', `recall`'s list...}.
-- Guarantee: reads only; every key shares the namespace's hash tag (one Redis Cluster slot).
local refusal = refused()
if refusal then return refusal end
local approved = '0'
if ARGV[3] ~= '' then approved = redis.call('HGET', KEYS[nkeys + 1], ARGV[3]) or '0' end
local banned = '0'
if ARGV[3] ~= '' and redis.call('SISMEMBER', KEYS[nkeys + 2], ARGV[3]) == 1 then banned = '1' end
if ARGV[4] ~= '' and redis.call('SISMEMBER', KEYS[nkeys + 3], ARGV[4]) == 1 then banned = '1' end
local out = {'ok', approved, banned}
for _, value in ipairs(recall(5)) do out[#out + 1] = value end
return out
