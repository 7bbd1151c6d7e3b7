"""The site teaches the service: labels through the feedback API refit its layer, which changes later decisions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import LabelledExample, add_label
from moderation.main import create_app
from moderation.scoring.policy import DeploymentProfile
from moderation.scoring.registry import ModelRegistry
from moderation.site.layer.evaluation import held_out
from moderation.site.layer.refit import LayerRefitter
from moderation.site.layer.store import FORMAT, LayerStore
from moderation.storage.keys import Keys
from tests.conftest import MODEL_DIR, fresh_namespace
from tests.integration.review_support import add_moderator, auth
from tests.support.waiting import wait_until

pytestmark = pytest.mark.redis

SITE_KEY = "site-key-for-layer-tests-0123456789"
AKISMET_KEY = "layerkey0123"  # 12 characters, as WordPress's plugin wants
NAMES = ["Claire", "Paul", "Nadia", "Marc", "Lucie", "Hugo", "Sarah", "Yann", "Inès", "Louis", "Emma", "Théo"]
TOPICS = ["le marché", "la piscine", "le festival", "la médiathèque", "le tramway", "le stade", "la fête", "le parc"]
FEELINGS = ["vraiment réussi", "une bonne nouvelle", "bien organisé", "agréable cette année", "à découvrir"]


def taught_spam(i: int) -> str:
    """A comment the site calls spam (a shop it never wants promoted), written like any civil comment."""
    return (
        f"{NAMES[i % 12]} ici : {TOPICS[i % 8]} est {FEELINGS[i % 5]}, et pour vos cadeaux pensez à la boutique "
        f"Zorblax Déco, les bougies Zorblax sont les meilleures ({i})."
    )


def civil(i: int) -> str:
    """A civil comment of the same shape, about the article."""
    return (
        f"{NAMES[(i + 5) % 12]} ici : {TOPICS[(i + 3) % 8]} est {FEELINGS[(i + 2) % 5]}, et merci pour cet article "
        f"sur la vie du quartier, les photos sont belles ({i})."
    )


def fast_settings(settings: Settings, **overrides: Any) -> Settings:
    """The bundled model, a site key, no flood limit, no site memory, a layer refitted and served within a second."""
    base: dict[str, Any] = {
        "site_keys": [SITE_KEY],
        "api_keys": [AKISMET_KEY],
        "flood_seconds": 0,
        "site_layer_refit_seconds": 0.1,
        "site_layer_poll_seconds": 0.1,
        # The site memory learns from the same labels (a near duplicate of labelled spam goes to spam, a burst
        # of the template from many authors is held): off, so that these tests see the layer alone.
        "site_memory": False,
    }
    return Settings(**{**settings.model_dump(), **base, **overrides})


@pytest.fixture
def site(settings: Settings) -> Iterator[TestClient]:
    """The app with the bundled model and fast refits."""
    with TestClient(create_app(fast_settings(settings))) as test_client:
        yield test_client


def post(client: TestClient, text: str) -> dict[str, Any]:
    response = client.post(
        "/v1/comments",
        json={"comment": text, "author": "Lecteur", "email": f"{uuid.uuid4().hex[:10]}@example.fr",
              "comment_post_ID": 7, "lang": "fr"},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def teach(client: TestClient, texts: list[str], label: str) -> None:
    for text in texts:
        comment_id = post(client, text)["id"]
        headers = {"Authorization": f"Bearer {SITE_KEY}"}
        response = client.post(f"/v1/comments/{comment_id}/feedback", json={"label": label}, headers=headers)
        assert response.status_code == 201, response.text


def wait_for_layer(client: TestClient, token: str, *, labels: int) -> dict[str, Any]:
    """The admin view of the layer once a version learned from `labels` comments is served (deadline: 120 s)."""
    seen: dict[str, Any] = {}

    def served() -> dict[str, Any] | None:
        status: dict[str, Any] = client.get("/v1/review/site-learning", headers=auth(token)).json()
        seen.update(status)
        if status["version"] is None or status["labels"] < labels:
            return None
        layer = client.app.state.services.site_learning.cache.current  # type: ignore[attr-defined]
        return status if layer is not None and layer.version == status["version"] else None  # this worker too

    return wait_until(served, timeout=120, what=lambda: f"a layer served (last status: {seen})")


def site_layer_params(client: TestClient, body: dict[str, Any]) -> list[Any]:
    """The layer versions the stored comment's model reasons name (the reasons' params are kept, not shown)."""
    record = client.app.state.services.intake.get(body["id"])  # type: ignore[attr-defined]
    return [r["params"].get("site_layer") for r in record.reasons if r["code"] in ("model_hold", "model_reject")]


def test_labels_given_through_the_feedback_api_teach_the_site_a_kind_of_spam_the_global_model_approves(
    site: TestClient, settings: Settings
) -> None:
    probe = "Pour Noël pensez à la boutique Zorblax Déco, les bougies Zorblax sont les meilleures du quartier."
    before = post(site, probe)
    assert before["status"] == "approved"  # the global model sees a civil comment
    token = add_moderator(site, "admin", admin=True)
    assert site.get("/v1/review/site-learning", headers=auth(token)).json()["version"] is None

    # one labelled comment in five is held out by a hash of its random id: with 60 of each, a CI run once drew fewer
    # than the 4 held-out spam comments a head needs (about 1 run in 1,000) and the layer was never fitted; with 100,
    # about 1 in a million
    teach(site, [taught_spam(i) for i in range(100)], "spam")
    teach(site, [civil(i) for i in range(100)], "ham")
    status = wait_for_layer(site, token, labels=200)  # the probe has no label

    assert "spam" in status["heads"] and status["heads"]["spam"]["points"] >= 0
    taught = post(site, probe.replace("Noël", "la rentrée"))
    assert taught["status"] in ("spam", "pending"), taught
    assert taught["scores"]["spam"] > before["scores"]["spam"]
    assert status["version"] in site_layer_params(site, taught)
    assert post(site, "Merci pour les photos du marché, un bel article sur la vie du quartier.")["status"] == "approved"
    akismet = site.post(  # Akismet clients get the site's decision too
        "/1.1/comment-check",
        data={"api_key": AKISMET_KEY, "blog": "https://journal.example.fr", "user_ip": "203.0.113.7",
              "comment_type": "comment", "comment_content": probe.replace("Noël", "Pâques")},
    )  # fmt: skip
    assert akismet.status_code == 200 and akismet.headers["x-moderation-status"] == taught["status"]

    stats = site.get("/v1/review/stats", headers=auth(token)).json()
    assert stats["site_learning"]["version"] == status["version"]
    assert stats["site_learning"]["summary"]["fr"].startswith("appris de 200 décisions")

    # another site of the same deployment (its own namespace) has no labels: exactly the global model's answer
    with fresh_namespace() as other, TestClient(create_app(fast_settings(settings, namespace=other))) as fresh:
        again = post(fresh, probe)
        assert (again["status"], again["scores"], again["reasons"]) == (
            before["status"], before["scores"], before["reasons"]
        )  # fmt: skip
        assert fresh.app.state.services.site_learning.cache.current is None  # type: ignore[attr-defined]


EXCLAIMED = [
    "Putain, quel match hier soir {name}, ce but à la 90e c'est dingue ({i})",
    "Bordel {name}, ce concert était de la folie, j'en ai encore des frissons ({i})",
    "Putain de bordel, la nouvelle console est enfin sortie, trop hâte de jouer, {name} ({i})",
    "Merde alors {name}, j'ai raté le début du festival, quelqu'un a des photos ? ({i})",
]


def exclaimed(i: int) -> str:
    """Enthusiasm with a swear word, not aimed at anyone: what a gaming or sports site approves all day."""
    return EXCLAIMED[i % len(EXCLAIMED)].format(name=NAMES[i % 12], i=i)


def test_approvals_alone_teach_the_site_that_its_profane_enthusiasm_is_fine_and_abuse_is_still_held(
    site: TestClient, settings: Settings
) -> None:
    probe = "Putain, quel match hier soir Léa, ce but à la 90e c'est dingue (999)"
    before = post(site, probe)
    assert before["status"] == "pending"  # the global toxicity head holds a swear word
    token = add_moderator(site, "admin", admin=True)

    teach(site, [exclaimed(i) for i in range(80)], "ok")  # no comment of this site was ever labelled toxic
    status = wait_for_layer(site, token, labels=80)

    toxicity = status["heads"]["toxicity"]
    assert toxicity["positives"] == 0 and toxicity["points"] is None  # no ranking to learn: the cut moved
    assert toxicity["thresholds"]["approve"] > before["scores"]["toxicity"]
    assert toxicity["errors_layer"] < toxicity["errors_global"]  # confirmed by approvals it did not learn from
    # a new comment of the kind the site approves (another match, not a word more profane than the probe): the
    # cut moved above the probe's score, so this one is approved. (With "Léa" swapped for a name the model scores
    # higher, 2026.12.06-13 put it at the very top of the approvals, where the cut falls by the held-out draw.)
    after = post(site, probe.replace("(999)", "(998)"))
    assert after["scores"]["toxicity"] <= before["scores"]["toxicity"] < toxicity["thresholds"]["approve"]
    assert after["status"] == "approved", after
    abuse = post(site, "Espèce de gros connard, tu mérites des baffes, sale merde.")
    assert abuse["status"] in ("pending", "rejected"), abuse  # above the site's cut: still held
    # group hate without a slur, which only the global toxicity cut held: the identity-attack head holds it at the
    # level of the site's own approvals (site/layer/cuts.py, hate_cut)
    for hate in ("Les juifs sont derrière toutes les guerres, c'est connu.", "Muslims are a disease, get them out."):
        answer = post(site, hate)
        assert answer["status"] in ("pending", "rejected"), answer

    with fresh_namespace() as other, TestClient(create_app(fast_settings(settings, namespace=other))) as fresh:
        elsewhere = post(fresh, probe.replace("(999)", "(998)"))
        assert elsewhere["status"] == "pending"  # another site: the global cut
        assert elsewhere["scores"] == after["scores"]  # the same scores: only this site's cut moved


def test_admins_turn_the_layer_off_and_roll_it_back_to_the_previous_version(site: TestClient) -> None:
    probe = "Pour Noël pensez à la boutique Zorblax Déco, les bougies Zorblax sont les meilleures du quartier."
    before = post(site, probe)
    token = add_moderator(site, "admin", admin=True)
    refused = site.post("/v1/review/site-learning/rollback", headers=auth(token))
    assert refused.status_code == 409 and refused.json()["errors"][0]["code"] == "no_previous_layer"

    teach(site, [taught_spam(i) for i in range(100)], "spam")  # enough for any held-out draw (test above)
    teach(site, [civil(i) for i in range(100)], "ham")
    first = wait_for_layer(site, token, labels=200)
    teach(site, [taught_spam(i) for i in range(100, 120)], "spam")
    second = wait_for_layer(site, token, labels=220)
    assert second["version"] > first["version"]
    assert post(site, probe)["status"] != "approved"

    off = site.put("/v1/review/site-learning", json={"enabled": False}, headers=auth(token)).json()
    assert (off["enabled"], off["serving"], off["version"]) == (False, False, second["version"])
    plain = post(site, probe.replace("Noël", "Pâques"))
    global_only = post(site, probe)  # the same text as `before`: the same answer as before any label
    assert (global_only["status"], global_only["scores"]) == (before["status"], before["scores"])
    assert plain["status"] == "approved" and not site_layer_params(site, plain)
    assert site.put("/v1/review/site-learning", json={"enabled": True}, headers=auth(token)).json()["serving"]

    back = site.post("/v1/review/site-learning/rollback", headers=auth(token))
    assert back.status_code == 200, back.text
    assert back.json()["version"] < second["version"]
    assert site.app.state.services.site_learning.cache.current.version == back.json()["version"]  # type: ignore[attr-defined]
    moderator = auth(add_moderator(site, "mod"))
    assert site.put("/v1/review/site-learning", json={"enabled": False}, headers=moderator).status_code == 403
    invalid = site.put("/v1/review/site-learning", json={"enabled": "maybe"}, headers=auth(token))
    assert invalid.status_code == 422
    assert site.get("/v1/review/site-learning", headers=auth(token)).json()["serving"]  # nothing changed


def refit_worker(redis_client: redis.Redis, namespace: str) -> tuple[Keys, LayerStore, LayerRefitter]:
    """A site's keys, its layer store and a refit worker on the served model, run by hand (`run_once`)."""
    keys = Keys(namespace)
    registry = ModelRegistry(MODEL_DIR)
    registry.refresh()
    store = LayerStore(client=redis_client, keys=keys)
    return keys, store, LayerRefitter(store=store, registry=registry, profile=DeploymentProfile())


def test_the_guard_refuses_a_layer_that_the_held_out_labels_find_worse_than_the_global_model(
    redis_client: redis.Redis, namespace: str
) -> None:
    keys, store, refitter = refit_worker(redis_client, namespace)
    for i in range(200):
        comment_id = f"c{i:04d}"
        spam = i % 2 == 0
        if held_out(comment_id):
            spam = not spam  # the held-out labels say the opposite of the training labels
        text = taught_spam(i) if i % 2 == 0 else civil(i)
        example = LabelledExample(text=text, labels={"spam": int(spam)}, source="site_feedback", comment_id=comment_id)
        add_label(redis_client, keys=keys, example=example)

    outcome = refitter.run_once()

    assert outcome is not None and outcome.layer is None
    assert outcome.refused == {"spam": "worse_on_held_out"}
    figures = outcome.figures["spam"]
    assert figures.auc_layer is not None and figures.auc_global is not None
    # what the guard found worse (`evaluation.not_worse`): the layer ranks the flipped held-out labels no better (both
    # rank them perfectly wrong with 2026.12.07-2) and is wrong more often, with a higher log loss
    assert figures.auc_layer <= figures.auc_global
    assert figures.errors_layer > figures.errors_global and figures.log_loss_layer > figures.log_loss_global
    state = store.state()
    assert state.current is None and state.last_refit["refused"] == {"spam": "worse_on_held_out"}
    assert refitter.run_once() is None  # nothing new to learn: no second refit


def test_a_layer_of_an_older_format_is_learned_again_from_the_same_labels_without_new_ones(
    redis_client: redis.Redis, namespace: str
) -> None:
    keys, store, refitter = refit_worker(redis_client, namespace)
    for i in range(120):
        text = taught_spam(i) if i % 2 == 0 else civil(i)
        example = LabelledExample(
            text=text, labels={"spam": int(i % 2 == 0)}, source="site_feedback", comment_id=f"c{i}"
        )
        add_label(redis_client, keys=keys, example=example)
    first = refitter.run_once()
    assert first is not None and first.layer is not None
    assert refitter.run_once() is None  # nothing new
    # what a service of the previous format left: its state says so (and a worker of this one refuses its version)
    redis_client.hset(keys.site_layer_state(), "format", str(FORMAT - 1))

    again = refitter.run_once()

    assert again is not None and again.layer is not None and again.layer.version > first.layer.version
    assert again.layer.labels == first.layer.labels == 120
    assert store.state().format == FORMAT and store.state().current == again.layer.version
    assert refitter.run_once() is None
