"""Learning from the site: its feedback on published comments (site key auth), stored as labels."""
