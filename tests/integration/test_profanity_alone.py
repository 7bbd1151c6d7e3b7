"""A blog publishes its readers' swearing when it is said of no one; it never publishes abuse dressed in it.

On a new blog the toxicity head held about one genuine comment in ten, half of them swearing as an exclamation
("Holy shit, 2 billion views", "fucking love it": docs/models.md, "Swearing said of no one"). The blog profile
approves a comment the toxicity head alone holds when its only abusive words are swearing said of no one and the
same words without it would be held by no head (MODERATION_PROFANITY_ALONE); the news profile still holds it.
Through the public API, with the shipped model and real Redis.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.comments import comment_fields
from training.news_readers import ABUSIVE

pytestmark = pytest.mark.redis

#: Readers of a technical blog swearing at their build, not at anyone (written for this test, never trained on).
SWEARING = [
    "Holy shit, this tutorial finally fixed my build.",
    "Damn, that was a good read.",
    "This fucking bug cost me a whole weekend.",
    "Merde, j'avais oublié le point-virgule.",
    "Well shit, the update broke everything again.",
]
#: The same register aimed at someone, a group, or hiding a threat.
AIMED = [
    "You are a fucking moron.",
    "Shut the fuck up, nobody asked you.",
    "Ce journaliste de merde mérite une balle.",
    "I'm going to fucking find where you live.",
    "I will fucking kill him.",
    "Of course a fucking woman wrote this.",
]


def _status(client: TestClient, text: str, i: int) -> tuple[str, list[str]]:
    body = comment_fields(comment=text, comment_post_ID=str(100 + i), user_ip=f"198.51.100.{i + 1}")
    response = client.post("/v1/comments", json=body)
    assert response.status_code == 201, response.text
    answer = response.json()
    return answer["status"], [reason["code"] for reason in answer["reasons"]]


@pytest.mark.parametrize("profile_client", ["blog"], indirect=True)
def test_a_blog_publishes_swearing_said_of_no_one(profile_client: TestClient) -> None:
    decided = {text: _status(profile_client, text, i) for i, text in enumerate(SWEARING)}
    assert all(status == "approved" for status, _ in decided.values()), decided
    assert any("profanity_alone" in codes for _, codes in decided.values())


@pytest.mark.parametrize("profile_client", ["news"], indirect=True)
def test_a_news_desk_still_holds_it(profile_client: TestClient) -> None:
    held = [text for i, text in enumerate(SWEARING) if _status(profile_client, text, i)[0] != "approved"]
    assert len(held) >= 3, held


@pytest.mark.parametrize("profile_client", ["blog", "news"], indirect=True)
def test_abuse_dressed_in_swearing_and_plain_threats_are_never_published(profile_client: TestClient) -> None:
    approved = [text for i, text in enumerate([*AIMED, *ABUSIVE]) if _status(profile_client, text, i)[0] == "approved"]
    assert approved == []
