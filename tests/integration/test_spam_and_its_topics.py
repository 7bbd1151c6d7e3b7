"""Spam a blog or a news site receives is not published, and readers talking about spam's topics are.

Both check sets were written on 2026-12-07, before any model scored them, and are never trained on:
training/check_comments/wordpress_spam.txt (guest posts, marabouts, printer support, private loans, crypto recovery,
slimming pills, casinos, followers, SEO agencies, CBD...) and spam_topics.txt (readers on crypto, WhatsApp, Ozempic,
casinos, loans, scams, support numbers: civil, no link, no offer). Each comment is posted through the public API with
the shipped model and real Redis, on a new site (no labels: the model, the site memory and its rules).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.authored import authored_keys, text_key
from tests.support.comments import comment_fields
from training.news_readers import SPAM_TOPICS, WORDPRESS_SPAM

pytestmark = pytest.mark.redis

#: Readers on spam's topics the intake may hold, per profile: what 2026.12.07-5 reaches (« Mon garagiste m'a facturé
#: 450 € pour une réparation à 80 €, méfiez-vous des chaînes. », spam 0.58, in both).
MAX_TOPICS_HELD = {"news": 1, "blog": 1}


def _post_all(client: TestClient, texts: list[str], first_post: int) -> list[tuple[str, str, list[str]]]:
    answers = []
    for i, text in enumerate(texts):
        body = comment_fields(comment=text, comment_post_ID=str(first_post + i), user_ip=f"198.51.100.{i + 1}")
        response = client.post("/v1/comments", json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        answers.append((text[:70], answer["status"], [reason["code"] for reason in answer["reasons"]]))
    return answers


def test_the_check_sets_are_never_trained_on() -> None:
    assert len(WORDPRESS_SPAM) == 20 and len(SPAM_TOPICS) == 30
    assert not authored_keys() & {text_key(text) for text in [*WORDPRESS_SPAM, *SPAM_TOPICS]}


@pytest.mark.parametrize("profile_client", ["news", "blog"], indirect=True)
def test_spam_of_every_kind_is_held_or_marked_with_no_labels(profile_client: TestClient) -> None:
    approved = [answer for answer in _post_all(profile_client, WORDPRESS_SPAM, 500) if answer[1] == "approved"]
    assert approved == []


@pytest.mark.parametrize(("profile_client", "max_held"), MAX_TOPICS_HELD.items(), indirect=["profile_client"])
def test_readers_on_spam_s_topics_are_published(profile_client: TestClient, max_held: int) -> None:
    answers = _post_all(profile_client, SPAM_TOPICS, 600)
    held = [answer for answer in answers if answer[1] != "approved"]
    assert not [answer for answer in answers if answer[1] == "spam"], held
    assert len(held) <= max_held, held
