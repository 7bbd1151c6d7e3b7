"""Fixtures of the WordPress end-to-end tests (the harness lives in harness.py, reusable by other suites)."""

from tests.wordpress.harness import chromium

__all__ = ["chromium"]
