"""Play a public source the model never trained on as "a site", through the running service, and measure what
its labels teach the site layer (`python -m training site-eval`).

For each label budget N of the learning curve: a fresh namespace (a new site) on real Redis, the real app (its
lifespan, refit worker and layer poller running); the first N comments of the shuffled source are posted and
labelled through the public feedback API with a site key, as a desk would; once the layer has refitted on them
(or the guard refused it), the held-back comments (the same ones for every N, never labelled) are posted and
their statuses and scores measured: caught (a positive not approved), held (a negative not approved), ROC-AUC.
N = 0 is the service as it is without labels. Nothing is trained or tuned on these sources: they are eval-only.
"""

from __future__ import annotations

import dataclasses
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.feedback.service import FEEDBACK_LABELS
from moderation.labels import LabelledExample
from moderation.main import create_app
from moderation.scoring.base import Scores, Submission, Thresholds
from moderation.site.layer.evaluation import roc_auc
from moderation.site.layer.votes import ResolvedLabel, resolve
from moderation.storage.clients import client_from_url
from training.data import Record, load_set

SITE_KEY = "site-eval-key-0123456789abcdef"


@dataclass(frozen=True, slots=True)
class SitePlay:
    """One public source played as a site: which head it tests and the feedback labels its desk gives."""

    name: str
    source: str
    head: str
    positive_label: str  # the feedback API label for a positive ("spam", "toxic")
    negative_label: str  # ... and for a negative ("ok", or "ham": not spam, saying nothing of the tone)
    budgets: tuple[int, ...]  # the learning curve's label counts
    unseen_from: int  # rows from this position on (after shuffling) are the unseen part, never labelled
    profile: Literal["news", "blog"] = "news"  # the site profile the site would run (MODERATION_SITE_PROFILE)


SITES: dict[str, SitePlay] = {
    # a genuine comment is approved by the desk ("ok": neither spam nor abusive), as a moderator approving it would;
    # a blog runs the blog profile (docs/models.md, "Spam policy: site profiles"), whose targets are the issue's
    "blog_spam": SitePlay(
        "blog_spam", "youtube_spam_2014", "spam", "spam", "ok", (0, 50, 100, 300, 600), 600, profile="blog"
    ),
    "french_hate": SitePlay(
        "french_hate", "cyberagressionado_fr", "toxicity", "toxic", "ok", (0, 50, 100, 300, 1000), 1000
    ),
}


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """What the unseen part got after N labels."""

    site: str
    head: str
    labels: int
    layer_version: int | None
    refused: dict[str, str]
    unseen: int
    positives: int
    caught: float  # share of unseen positives not approved
    held: float  # share of unseen negatives not approved
    auc: float | None
    held_out_points: float | None  # the layer's own guard figure (ROC-AUC points on its held-out labels)
    seconds_to_layer: float
    held_reasons: dict[str, int]  # why unseen negatives were held: reason code (and head) -> comments


class CachedScorer:
    """A model's scores computed once for every comment of a played source, served by text (offline plays:
    `fit_layer` scores the site's labels through it, `benchmarks/site_layer_*.py`)."""

    def __init__(self, version: str, thresholds: dict[str, Thresholds], texts: Sequence[str], scores: list[Scores]):
        self.version = version
        self.thresholds = thresholds
        self._by_text = dict(zip(texts, scores, strict=True))

    def score_many(self, submissions: Sequence[Submission]) -> list[Scores]:
        return [self._by_text[s.text] for s in submissions]


def site_labels(items: Sequence[tuple[str, Record, str]]) -> list[ResolvedLabel]:
    """(comment id, row, feedback label) given through the feedback API, resolved as a refit resolves them."""
    entries = [
        (f"{i}-0", LabelledExample(text=row.text, labels=dict(FEEDBACK_LABELS[label]), source="site_feedback",
                                   language=row.language, comment_id=key, actor="site"))
        for i, (key, row, label) in enumerate(items)
    ]  # fmt: skip
    return resolve(entries)


def site_rows(play: SitePlay, data: Path, *, seed: int = 20) -> list[Record]:
    """The source's rows with a label for the head, shuffled with a fixed seed (the site's comment order)."""
    rows = [r for r in load_set(data, play.source) if r.labels.get(play.head) in (0.0, 1.0) and r.text.strip()]
    seen: set[str] = set()
    unique = []
    for row in rows:  # a repeated text would be a duplicate comment (409) or a label leaking into the unseen part
        key = " ".join(row.text.casefold().split())
        if key not in seen:
            seen.add(key)
            unique.append(row)
    random.Random(seed).shuffle(unique)
    return unique


def play_site(
    play: SitePlay,
    rows: Sequence[Record],
    *,
    labels: int,
    redis_url: str,
    model_dir: Path,
    timeout: float = 600.0,
    after: Callable[[TestClient], None] | None = None,
) -> CurvePoint:
    """Run one point of the curve on a fresh namespace; the namespace is deleted afterwards.

    `after` is called with the app's client once the unseen comments are measured, on the same site (a check of
    what the site's labels did to other comments: `benchmarks/site_after_learning.py`).
    """
    namespace = f"site-eval-{uuid.uuid4().hex[:10]}"
    settings = Settings(
        redis_url=redis_url,
        namespace=namespace,
        model_dir=model_dir,
        site_keys=[SITE_KEY],
        site_profile=play.profile,
        ip_hash_key="site-eval-hash-key",  # type: ignore[arg-type]
        flood_seconds=0,
        require_name_email=False,
        audit_sample_rate=0.0,
        site_layer_refit_seconds=0.2,
        site_layer_poll_seconds=0.2,
        log_level="WARNING",
    )
    try:
        with TestClient(create_app(settings)) as client:
            started = time.monotonic()
            for i, row in enumerate(rows[:labels]):
                comment_id = _post(client, row, i)["id"]
                label = play.positive_label if row.labels[play.head] == 1.0 else play.negative_label
                response = client.post(
                    f"/v1/comments/{comment_id}/feedback",
                    json={"label": label},
                    headers={"Authorization": f"Bearer {SITE_KEY}"},
                )
                if response.status_code != 201:
                    raise RuntimeError(f"feedback refused: {response.status_code} {response.text}")
            status = _wait_for_refit(client, timeout=timeout) if labels else {}
            seconds = time.monotonic() - started
            unseen = rows[play.unseen_from :]
            statuses, scores = [], []
            held_reasons: Counter[str] = Counter()
            for j, row in enumerate(unseen):
                body = _post(client, row, play.unseen_from + j)
                statuses.append(body["status"])
                scores.append(float(body["scores"].get(play.head, 0.0)))
                if body["status"] != "approved" and row.labels[play.head] == 0.0:
                    held_reasons.update({":".join(filter(None, (r["code"], r.get("head")))) for r in body["reasons"]})
            if after is not None:
                after(client)
    finally:
        _drop_namespace(redis_url, namespace)
    y = np.asarray([row.labels[play.head] == 1.0 for row in unseen])
    not_approved = np.asarray([s != "approved" for s in statuses])
    heads = status.get("heads") or {}
    refit = status.get("last_refit") or {}
    return CurvePoint(
        site=play.name,
        head=play.head,
        labels=labels,
        layer_version=status.get("version"),
        refused=dict(refit.get("refused") or {}),
        unseen=len(unseen),
        positives=int(y.sum()),
        caught=float(not_approved[y].mean()),
        held=float(not_approved[~y].mean()),
        auc=roc_auc(y.astype(int), scores),
        held_out_points=(heads.get(play.head) or {}).get("points"),
        seconds_to_layer=seconds,
        held_reasons=dict(held_reasons.most_common()),
    )


def _post(client: TestClient, row: Record, position: int) -> dict[str, Any]:
    body = {"comment": row.text, "author": row.author or "Lecteur", "comment_post_ID": position, "lang": row.language}
    response = client.post("/v1/comments", json=body)
    if response.status_code != 201:
        raise RuntimeError(f"comment refused: {response.status_code} {response.text}")
    answer: dict[str, Any] = response.json()
    return answer


def _wait_for_refit(client: TestClient, *, timeout: float) -> dict[str, Any]:
    """The layer's status once a refit has read every label given and this worker serves its outcome."""
    learning = client.app.state.services.site_learning  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = learning.store.state()
        if state.cursor and state.cursor == learning.store.last_label_id():
            served = learning.cache.current
            if state.current is None or (served is not None and served.version == state.current):
                status: dict[str, Any] = learning.status()
                return status
        time.sleep(0.1)
    raise TimeoutError("the layer did not refit on the labels in time")


def _drop_namespace(redis_url: str, namespace: str) -> None:
    client = client_from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{{{namespace}}}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def curve_table(points: Sequence[CurvePoint]) -> str:
    """The learning curve as a markdown table."""
    lines = [
        "| site | labels | layer | unseen (positives) | caught | held | ROC-AUC | guard: held-out points | refit "
        "| negatives held for |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in points:
        layer = f"v{p.layer_version}" if p.layer_version is not None else "none"
        if p.head in p.refused:  # the last refit's verdict on the site's head (other heads lack labels)
            layer += f" (last refit: {p.refused[p.head]})"
        auc = "–" if p.auc is None else f"{p.auc:.3f}"
        gain = "–" if p.held_out_points is None else f"{p.held_out_points:+.1f}"
        seconds = "–" if not p.labels else f"{p.seconds_to_layer:.0f} s"
        reasons = ", ".join(f"{code} {n}" for code, n in list(p.held_reasons.items())[:3]) or "–"
        lines.append(
            f"| {p.site} | {p.labels} | {layer} | {p.unseen} ({p.positives}) | {p.caught:.1%} | {p.held:.1%} "
            f"| {auc} | {gain} | {seconds} | {reasons} |"
        )
    return "\n".join(lines)


def curve_markdown(points: Sequence[CurvePoint], *, version: str, when: str) -> list[str]:
    """The model card's section on learning from a site's labels: the curve of every site played."""
    return [
        "",
        "## Learning from a site's labels (`python -m training site-eval`: eval-only sources played as sites)",
        "",
        f"Served version {version}, measured {when}. Each row: a fresh site on real Redis; N comments posted and "
        "labelled through the feedback API, then the unseen part (never labelled) posted to the same running "
        "service. caught: positives not approved; held: negatives not approved (docs/models.md, issue 20).",
        "",
        curve_table(points),
    ]


def curve_figures(points: Sequence[CurvePoint]) -> list[dict[str, Any]]:
    """The curve as metrics.json keeps it."""
    return [dataclasses.asdict(point) for point in points]
