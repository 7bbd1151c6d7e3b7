"""Site-level state read by intake and written by review: bans, site settings, audit sampling, reputation."""
