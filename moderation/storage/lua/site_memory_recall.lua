-- Read what the site memory holds for one comment's marks, on its own (the Akismet comment-check's dry run).
-- KEYS[1]  any key of the namespace (routes the script to its Redis Cluster slot; not read)
-- ARGV: site_memory.lua's `recall`, from ARGV[1].
-- Guarantee: reads only; every key shares the namespace's hash tag (one Redis Cluster slot).
return recall(1)
