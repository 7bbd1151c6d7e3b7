"""Learning from the site: feedback on published comments (site key auth) and audit sampling."""
