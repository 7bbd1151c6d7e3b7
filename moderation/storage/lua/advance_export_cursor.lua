-- Move the label export's cursor forward, never back.
-- KEYS[1]  the export cursor (a stream entry id)
-- ARGV[1]  the id of the last entry the export wrote ("ms-seq")
-- Returns 1 when the cursor moved, 0 when it already stood at or past ARGV[1].
-- Guarantee: compare and set are one step: a slower export running beside a newer one never moves it back.
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local current = redis.call('GET', KEYS[1])
if current then
  local cms, cseq = parse(current)
  local nms, nseq = parse(ARGV[1])
  if nms < cms or (nms == cms and nseq <= cseq) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
