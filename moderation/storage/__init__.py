"""Storage: every Redis key, the comment record and the Lua scripts that change them atomically."""
