"""Sections added to a saved model card after training (`news-readers --write`, `site-eval --write`)."""

from __future__ import annotations

from training.card import with_section

CARD = "# Model card\n\n## Thresholds\n\nt\n\n## Targets\n\n| target |\n"


def test_a_new_section_goes_before_the_targets_and_writing_it_again_changes_nothing() -> None:
    lines = ["", "## Learning from a site's labels", "", "| site | caught |", "| blog | 95% |"]
    once = with_section(CARD, "Learning from a site", lines)
    assert once.index("## Learning from a site") < once.index("## Targets")
    assert once.index("## Thresholds") < once.index("## Learning from a site")
    assert with_section(once, "Learning from a site", lines) == once


def test_a_section_measured_again_replaces_the_old_figures_and_leaves_the_others() -> None:
    old = with_section(CARD, "Learning from a site", ["", "## Learning from a site's labels", "", "caught 90%"])
    new = with_section(old, "Learning from a site", ["", "## Learning from a site's labels", "", "caught 97%"])
    assert "caught 97%" in new and "caught 90%" not in new
    assert new.count("## Learning from a site") == 1
    assert "## Thresholds\n\nt\n" in new and new.endswith("## Targets\n\n| target |\n")


def test_a_card_without_targets_gets_the_section_at_its_end() -> None:
    card = "# Model card\n\n## Thresholds\n\nt\n"
    assert with_section(card, "Realistic readers", ["", "## Realistic readers", "", "x"]).endswith(
        "## Thresholds\n\nt\n\n## Realistic readers\n\nx\n"
    )
