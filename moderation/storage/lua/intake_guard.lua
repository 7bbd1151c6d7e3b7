-- Guard of the intake's commit: store the comment only if it still repeats nothing.
-- Runs after repeats.lua, inside guarded_commit.lua: KEYS and ARGV[1..2] are repeats.lua's.
-- Returns repeats.lua's refusal, or false to let the writes run.
-- Guarantee: a duplicate, flood or replay that appeared since the pre-check refuses the whole commit.
return refused()
