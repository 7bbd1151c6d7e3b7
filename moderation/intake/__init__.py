"""Intake: the "Leave a reply" endpoint, its WordPress-grade checks and the decision."""
