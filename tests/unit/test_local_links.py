"""Links no reader can follow (localhost, a private address, a reserved name) are no links to spam, memory or rules."""

from __future__ import annotations

import pytest

from moderation.intake.rules import count_links
from moderation.scoring.links import find_links, is_local_link
from moderation.site.marks import link_domains


@pytest.mark.parametrize(
    "link",
    [
        "http://localhost:3000/health",
        "http://127.0.0.1:8000/docs",
        "https://192.168.0.20:5001",
        "http://10.0.0.12:9000/metrics",
        "http://172.17.0.2",
        "http://0.0.0.0:5000",
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data",
        "http://myapp.local:8080/oauth/callback",
        "https://nas.lan/",
        "https://router.home.arpa",
        "http://api.test/v1",
        "https://example.com/api/v1/users",
        "www.example.org/page",
        "http://proxy.corp:3128",
        "http://proxy:3128",
        "http://jenkins/job/build",
        "https://gitlab.home/admin",
    ],
)
def test_a_link_no_reader_can_follow_is_local(link: str) -> None:
    assert is_local_link(link)
    assert find_links(f"Try {link} first.") == []


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/pyenv/pyenv/issues/2760",
        "http://45.33.12.8/casino",  # a public address is someone's server
        "https://shop.exemple.fr/promo",
        "http://10.0.0.1@cheap-pills.fr/buy",  # the host is what follows the "@", as a browser reads it
        "https://examplecasino.com",
        "https://local-deals.shop",
    ],
)
def test_a_link_to_someone_s_server_is_not(link: str) -> None:
    assert not is_local_link(link)
    assert len(find_links(f"Try {link} first.")) == 1


def test_the_site_memory_and_the_link_count_skip_local_links_only() -> None:
    text = "Grafana is at http://localhost:3001, the docs at https://grafana.com/docs and http://192.168.1.10:9090"
    assert link_domains(text) == ("grafana.com",)
    assert count_links(text) == 1
    # anchors are counted as WordPress counts them, wherever they point
    assert count_links('<a href="http://localhost:3001">here</a> and <a href="http://127.0.0.1">there</a>') == 2


def test_reading_a_long_local_link_is_bounded() -> None:
    assert find_links("http://localhost:3000/" + "a" * 100_000) == []
    assert count_links("http://127.0.0.1/" + "x/" * 50_000) == 0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Agence de traduction pro : traduction-express.services", ["traduction-express.services"]),
        ("Meds without prescription at cheap-meds.pharmacy/order", ["cheap-meds.pharmacy/order"]),
        ("Read the whole story at fake-news-daily.blog", ["fake-news-daily.blog"]),
        ("Great work on this.Today we tried it and it works.", []),  # no space after a full stop: no link
        ("I stopped reading at the end.One more thing: thanks!", []),
        ("Merci pour la mise à jour.Ca marche enfin chez moi.", []),
    ],
)
def test_bare_domains_under_generic_top_level_domains_are_links_and_glued_sentences_are_not(
    text: str, found: list[str]
) -> None:
    assert [text[start:end] for start, end in find_links(text)] == found
