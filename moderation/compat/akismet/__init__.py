"""Akismet's REST API (comment-check, submit-spam/ham, the account calls) as WordPress plugins call it."""
