-- Read a stream in one batch and return only the entries that name a reader: their keyed e-mail hash in
-- `author_hash`, or one of their comments in `comment_id`.
-- KEYS[1]  the stream (labels, audit log or delivery log)
-- ARGV[1]  where to start: "-" for the beginning, else "(<id>" (after that entry)
-- ARGV[2]  entries to read at most
-- ARGV[3]  the reader's e-mail hash ("" to match comment ids only)
-- ARGV[4..] the ids of the reader's comments known so far
-- Returns {last id read ("" when none), {id, {field, value, ...}}, ...}; a comment id found beside the hash
-- counts for the rest of the batch, and the caller passes it on to the next one.
-- Guarantee: read-only; filtering in Redis sends the caller only the reader's entries, not the whole stream.
local wanted = {}
for i = 4, #ARGV do
  wanted[ARGV[i]] = true
end
local author = ARGV[3]
local entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', tonumber(ARGV[2]))
local out = {''}
for _, entry in ipairs(entries) do
  local fields = entry[2]
  local hash, comment = nil, nil
  for j = 1, #fields, 2 do
    if fields[j] == 'author_hash' then
      hash = fields[j + 1]
    elseif fields[j] == 'comment_id' then
      comment = fields[j + 1]
    end
  end
  local mine = false
  if author ~= '' and hash == author then
    mine = true
    if comment and comment ~= '' then
      wanted[comment] = true
    end
  elseif comment and wanted[comment] then
    mine = true
  end
  if mine then
    out[#out + 1] = entry
  end
  out[1] = entry[1]
end
return out
