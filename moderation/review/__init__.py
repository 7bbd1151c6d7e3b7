"""Review: the Redis queue of held comments, the moderators' API and page."""
