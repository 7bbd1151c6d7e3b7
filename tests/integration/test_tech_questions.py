"""A technical tutorial's readers asking for help are published: what their machine printed is not a phone number.

Readers under a tutorial paste the command they ran and what it printed (ping output, an IPv4 address, a Windows error
code, a build number), ask which version the author used, thank them. Ten digits of "192.168.1.254" read as a North
American number held such a comment as an unseen phone, and "0x80070005" counted as a phone in the spam head (spam
0.63, held). training/check_comments/tech_questions.txt was written for this check, never trained on; every comment is
posted through the public API with the shipped model and real Redis, from a new reader each time.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.authored import authored_keys, text_key
from tests.support.comments import comment_fields
from training.news_readers import TECH_QUESTIONS

pytestmark = pytest.mark.redis

#: Of the 40 comments, the most each profile may hold: what the served version reaches. 2026.12.07-2 held none in the
#: blog profile and, in the news profile, whose spam cut is lower, two short questions at spam 0.42 and the error code
#: at 0.45; 2026.12.07-3, trained with readers' questions (training/tech_jargon.py), one: "Can you do a follow-up on
#: setting up HTTPS with Let's Encrypt for this setup?" (0.41, news cut 0.393); 2026.12.07-5 none; 2026.12.07-10 two in
#: the news profile, that follow-up and the error code ("Windows Update keeps failing with error 0x80070005...", spam
#: 0.40, -6: 0.37): the news cut fell from 0.397 to 0.368 (a tenth of the validation spam still missed, as the profile
#: asks); 2026.12.07-12 one (the error code; news cut 0.403), 2026.12.07-13 two again, the error code and "Which
#: version of Node did you use? With Node 18 I get "SyntaxError..."" (benchmarks/tech_questions.py); the blog profile, a
#: tutorial's, holds none.
MAX_HELD = {"blog": 0, "news": 2}


def test_the_check_set_is_never_trained_on() -> None:
    assert len(TECH_QUESTIONS) == 40
    assert any("\n" in text for text in TECH_QUESTIONS)  # pasted output stays one comment
    assert not authored_keys() & {text_key(text) for text in TECH_QUESTIONS}


@pytest.mark.parametrize(("profile_client", "max_held"), MAX_HELD.items(), indirect=["profile_client"])
def test_readers_pasting_what_their_machine_printed_are_published(profile_client: TestClient, max_held: int) -> None:
    held = []
    for i, text in enumerate(TECH_QUESTIONS):
        body = comment_fields(comment=text, comment_post_ID=str(300 + i), user_ip=f"198.51.100.{i + 1}")
        response = profile_client.post("/v1/comments", json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        codes = [reason["code"] for reason in answer["reasons"]]
        assert "unseen_phone" not in codes, text
        if answer["status"] != "approved":
            held.append((text[:60], codes))
    assert len(held) <= max_held, held


#: Readers pasting addresses from their terminal, their router's manual or the docs' placeholders (written for this
#: test, never trained on). 2026.12.07-3 held 4 (blog) and 6 (news) of them before such links stopped counting as
#: links: `unseen_link` for "myapp.local" and "example.com", `too_many_links` for two loopback addresses, and the
#: spam head's link column (+3.9 on the logit) for "http://192.168.1.1" and "http://127.0.0.1:8000/docs".
LOCAL_ADDRESSES = [
    "When I run curl http://localhost:3000/health I get a 404, but the server is up.",
    "Open http://192.168.1.1 in your browser and log in with admin/admin, then go to the WAN tab.",
    "The API answers on http://127.0.0.1:8000/docs after step 4, very handy.",
    "Mon NAS répond sur https://192.168.0.20:5001 mais pas depuis l'extérieur, une idée ?",
    "I set the callback to http://myapp.local:8080/oauth/callback and it works now.",
    "Try http://example.com/api/v1/users with the token in the header.",
    "After docker compose up, Grafana is at http://localhost:3001 (admin / admin).",
    "Works fine, but http://0.0.0.0:5000 doesn't open in Chrome, use http://127.0.0.1:5000 instead.",
]


@pytest.mark.parametrize("profile_client", ["blog", "news"], indirect=True)
def test_readers_pasting_local_addresses_are_published(profile_client: TestClient) -> None:
    held = []
    for i, text in enumerate(LOCAL_ADDRESSES):
        body = comment_fields(comment=text, comment_post_ID=str(400 + i), user_ip=f"198.51.100.{i + 101}")
        answer = profile_client.post("/v1/comments", json=body).json()
        if answer["status"] != "approved":
            held.append((text, [reason["code"] for reason in answer["reasons"]]))
    assert held == []
