"""Sections added to a saved version's model card after its training (`news-readers --write`, `site-eval --write`)."""

from __future__ import annotations

from collections.abc import Sequence


def with_section(card: str, heading: str, lines: Sequence[str]) -> str:
    """`card` with its section whose title starts with `heading` replaced in place by `lines`, or added before its
    targets (at its end without targets).

    `lines` start with a blank line and the section's `## ` title; rewriting a section with the same lines
    changes nothing.
    """
    section = "\n".join(lines) + "\n"
    start = card.find(f"\n## {heading}")
    if start >= 0:
        end = card.find("\n## ", start + 1)
        return card[:start] + section + card[end if end >= 0 else len(card) :]
    at = card.find("\n## Targets")
    return card[:at] + section + card[at:] if at >= 0 else card.rstrip("\n") + "\n" + section
