"""The whole loop: comments in, moderators decide, export, retrain (fast), gate, promote, new decisions."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from moderation.config import Settings
from moderation.main import create_app
from tests.conftest import DATA_DIR, REDIS_URL
from tests.e2e.retrain_support import fast_version, model_dir_with
from tests.support.waiting import wait_until
from training.__main__ import app as training_cli

pytestmark = [pytest.mark.slow, pytest.mark.redis]

SITE_KEY = "retrain-loop-site-key"
OPINIONS = ["Merci pour cet article clair sur", "Je ne partage pas votre avis sur", "Bonne analyse de",
            "Il manque des chiffres dans cet article sur", "Je suis assez déçu par le traitement de",
            "Très intéressant, ce papier sur", "On attend toujours la suite sur"]  # fmt: skip
TOPICS = ["la réforme des retraites", "le budget municipal", "les transports en commun", "la rentrée scolaire",
          "le festival d'été", "la rénovation du stade", "la piscine municipale", "le marché de Noël"]  # fmt: skip
# A signature spam campaign only this site's moderators know: ordinary comments signed with an invented name.
SIGNATURES = ["Pensez à Zorvak Quintelle.", "Zorvak Quintelle approuve.", "Vu par Zorvak Quintelle."]
HAM = [f"{o} {t}." for o, t in itertools.product(OPINIONS, TOPICS)]
SPAM = [f"{h} {s}" for h, s in zip(HAM, itertools.cycle(SIGNATURES), strict=False)]
FIRST = ["Claire", "Marc", "Sophie", "Julien", "Nadia", "Paul", "Inès", "Louis", "Emma", "Hugo", "Léa", "Yanis"]
LAST = ["Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Girard", "Roux", "Fournier", "Lambert", "Faure"]
READERS = list(itertools.product(FIRST, LAST))


def _submit(client: TestClient, text: str, n: int) -> dict[str, str]:
    first, last = READERS[n]
    email = f"{first.lower()}.{last.lower()}@exemple.fr".replace("è", "e").replace("é", "e")
    response = client.post("/v1/comments", json={"comment": text, "author": f"{first} {last}", "email": email})
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def test_moderators_labels_retrain_a_model_that_then_catches_the_spam_it_missed(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, namespace: str
) -> None:
    model_dir = model_dir_with(tmp_path, {"v1": fast_version(tmp_path_factory)}, current="v1")
    settings = Settings(
        redis_url=REDIS_URL,
        namespace=namespace,
        data_dir=tmp_path / "var",
        ip_hash_key="retrain-loop-key",  # type: ignore[arg-type]
        model_dir=model_dir,
        model_reload_seconds=0.1,
        flood_seconds=0,
        audit_sample_rate=1.0,  # every auto-approved comment is audited, so moderators see them all
        thresholds={"spam": {"reject": 0.9}},  # the site's own spam cut (fast-mode thresholds never reject)
        site_keys=[SITE_KEY],
    )
    labelled_spam, labelled_ham, probes = SPAM[:40], HAM[16:56], SPAM[50:55]
    with TestClient(create_app(settings)) as client:
        before = [_submit(client, text, 100 + i) for i, text in enumerate(probes)]
        assert {b["model_version"] for b in before} == {"v1"}
        assert all(b["status"] in ("approved", "pending") for b in before), json.dumps(before, indent=1)[:3000]

        # 1. Comments arrive; every one lands in the review queue (held, or audited when approved).
        spam_ids = [_submit(client, text, i)["id"] for i, text in enumerate(labelled_spam)]
        ham_ids = [_submit(client, text, 40 + i)["id"] for i, text in enumerate(labelled_ham)]
        published = _submit(client, SPAM[45], 99)["id"]

        # 2. A moderator decides them through the moderator API; the site reports one it removed.
        _moderator, token = client.app.state.services.moderators.add("marie")  # type: ignore[attr-defined]
        auth = {"Authorization": f"Bearer {token}"}
        for comment_id in spam_ids:
            decided = client.post(
                f"/v1/review/items/{comment_id}/decision", json={"decision": "reject", "reason": "spam"}, headers=auth
            )
            assert decided.status_code == 200, decided.text
        bulk = client.post(
            "/v1/review/decisions",
            json={"decisions": [{"comment_id": i, "decision": "approve"} for i in ham_ids]},
            headers=auth,
        )
        assert [r["status_code"] for r in bulk.json()["results"]] == [200] * len(ham_ids)
        feedback = client.post(
            f"/v1/comments/{published}/feedback", json={"label": "spam"}, headers={"X-Site-Key": SITE_KEY}
        )
        assert feedback.status_code == 201, feedback.text

        # 3. Export, retrain in fast mode with the labels, gate, promote.
        runner = CliRunner()
        env = {"MODERATION_REDIS_URL": REDIS_URL, "MODERATION_NAMESPACE": namespace}
        labels = tmp_path / "labels.jsonl"
        exported = runner.invoke(training_cli, ["export", "--out", str(labels)], env=env)
        assert exported.exit_code == 0, exported.output
        rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(spam_ids) + len(ham_ids) + 1
        assert {r["source"] for r in rows} == {"moderator", "site_feedback"}
        assert "@" not in labels.read_text(encoding="utf-8")  # no email left in the export

        common = ["--model-dir", str(model_dir), "--data", str(DATA_DIR)]
        trained = runner.invoke(
            training_cli,
            ["train", "--fast", "--data", str(DATA_DIR), "--out", str(model_dir), "--labels", str(labels),
             "--version", "v2"],
        )  # fmt: skip
        assert trained.exit_code == 0, trained.output
        gated = runner.invoke(training_cli, ["evaluate", "--candidate", "v2", "--labels", str(labels), *common])
        assert gated.exit_code == 0, gated.output
        promoted = runner.invoke(training_cli, ["promote", "v2", "--model-dir", str(model_dir)])
        assert promoted.exit_code == 0, promoted.output

        # 4. The running app switches without a restart, and now stops comments like the labelled ones.
        wait_until(lambda: client.get("/readyz").json()["model"] == "v2", what="the app to pick up v2")
        after = [_submit(client, text, 105 + i) for i, text in enumerate(probes)]

    assert {a["model_version"] for a in after} == {"v2"}
    assert [a["status"] for a in after] == ["spam"] * len(probes), after
    assert all(a["scores"]["spam"] > b["scores"]["spam"] for a, b in zip(after, before, strict=True))
    assert [b["status"] for b in before] != [a["status"] for a in after]
