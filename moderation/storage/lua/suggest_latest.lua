-- Store one Perspective suggestion per clientToken: the latest replaces the earlier one in the label stream.
-- KEYS[1]  hash: clientToken -> label stream id of its latest suggestion (Keys.perspective_suggestions)
-- KEYS[2]  stream: the label stream (Keys.labels)
-- ARGV[1]  the clientToken
-- ARGV[2..] the new entry's field/value pairs (LabelledExample.to_fields)
-- Guarantees: atomic; afterwards the stream holds exactly one entry for the token (the new one), and the
-- hash points at it. Returns {new id, replaced id or ""}.
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if previous then
  redis.call('XDEL', KEYS[2], previous)
end
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
redis.call('HSET', KEYS[1], ARGV[1], id)
return {id, previous or ''}
