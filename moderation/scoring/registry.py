"""Hold the model version being served and switch to a new one when `model/CURRENT` changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import structlog

from moderation.scoring.base import FieldInfluence, Scorer, Scores, Span, Submission, Thresholds
from moderation.scoring.served import CURRENT, read_current

log = structlog.get_logger(__name__)

RULES_ONLY = "rules-only"

#: A version that failed to load is tried again after this long (a copy may have been incomplete).
RETRY_FAILED_SECONDS = 30.0


class RulesOnlyScorer:
    """The scorer used when no model is installed: no scores, so the rules decide alone."""

    version = RULES_ONLY
    thresholds: ClassVar[dict[str, Thresholds]] = {}

    def score(self, submission: Submission, *, explain: bool = True) -> Scores:
        """Return empty scores in the site's hinted language."""
        return Scores(scores={}, language=submission.lang or "und", model_version=RULES_ONLY)

    def score_many(self, submissions: Sequence[Submission]) -> list[Scores]:
        """Return empty scores for each submission."""
        return [self.score(s, explain=False) for s in submissions]

    def explain(self, submission: Submission, heads: Sequence[str]) -> dict[str, list[Span]]:
        """Return no spans: there are no scores to explain."""
        return {}

    def field_influence(self, submission: Submission, heads: Sequence[str]) -> list[FieldInfluence]:
        """Return no fields: there are no scores to explain."""
        return []


#: Scored once by every freshly loaded version before it may serve (French and English, with a link).
SMOKE_SUBMISSION = Submission(
    text="Merci pour cet article, très clair. Thanks for the article: https://example.org", author="Claire",
    email="claire@example.fr", url="https://example.org", lang="fr",
)  # fmt: skip


def smoke_test(scorer: Scorer) -> None:
    """Score one comment as a request would; raise if the version cannot (e.g. features of another build)."""
    scorer.score(SMOKE_SUBMISSION, explain=True)
    scorer.score_many([SMOKE_SUBMISSION])


class ModelRegistry:
    """The served model; a background thread polls `CURRENT` and swaps in a new version atomically.

    A request takes `registry.current` once and scores with that object to the end, so requests in
    flight finish on the old model while new ones get the new one. Each worker process polls on its
    own, so every worker switches within `reload_seconds`.
    """

    def __init__(self, model_dir: Path, *, reload_seconds: float = 2.0, profile: str | None = None) -> None:
        self.model_dir = model_dir
        self.profile = profile  # the site profile whose thresholds are served (MODERATION_SITE_PROFILE)
        self.reload_seconds = reload_seconds
        self._current: Scorer = RulesOnlyScorer()
        self._loaded_name: str | None = None
        self._failed_at = 0.0
        self.load_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def current(self) -> Scorer:
        """The scorer to use for the next request."""
        return self._current

    @property
    def ready(self) -> bool:
        """Whether a model is served whenever CURRENT names one.

        A bad new version leaves the previous model serving (and `load_error` set): the worker stays
        ready, since restarting it would only lose the good model it still holds.
        """
        return self.load_error is None or self._current.version != RULES_ONLY

    def refresh(self) -> bool:
        """Load the version named in CURRENT if it is not the served one; return whether it switched."""
        with self._lock:
            name = read_current(self.model_dir)
            if name is None:
                if self._loaded_name is None and self.load_error is None:
                    return False
                if self._loaded_name is not None and (self.model_dir / CURRENT).exists():
                    # an empty CURRENT is one being written by hand (an editor truncates, then writes): the poller
                    # read it between the two and served rules-only until the next poll. Removing the file is how an
                    # operator goes back to rules only; `promote` replaces it atomically.
                    return False
                self._current, self._loaded_name, self.load_error = RulesOnlyScorer(), None, None
                log.warning("model.none", model_dir=str(self.model_dir))
                return True
            retry_due = self.load_error is not None and time.monotonic() - self._failed_at >= RETRY_FAILED_SECONDS
            if name == self._loaded_name and not retry_due:
                return False
            try:
                from moderation.scoring.artifact import load_version  # numpy and the scorer, with the first model

                scorer = load_version(self.model_dir, name, profile=self.profile)
                smoke_test(scorer)  # an artifact that loads but cannot score would fail every request
            except Exception as exc:  # a bad artifact must not take the service down: keep the old one
                self.load_error = f"{type(exc).__name__}: {exc}"
                log.error("model.load_failed", version=name, error=self.load_error, serving=self._current.version)
                self._loaded_name = name  # retried after RETRY_FAILED_SECONDS, or at once for a new CURRENT
                self._failed_at = time.monotonic()
                return False
            previous = self._current.version
            self._current, self._loaded_name, self.load_error = scorer, name, None
            log.info("model.switched", version=scorer.version, previous=previous)
            return True

    def start(self) -> None:
        """Load the current version now, then poll for changes in a daemon thread."""
        try:
            self.refresh()
        except Exception as exc:  # e.g. an unreadable CURRENT: start rules-only, not ready, and keep polling
            self.load_error = f"{type(exc).__name__}: {exc}"
            self._failed_at = time.monotonic()
            log.error("model.load_failed", error=self.load_error, serving=self._current.version)
        self._thread = threading.Thread(target=self._poll, name="model-reload", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _poll(self) -> None:
        while not self._stop.wait(self.reload_seconds):
            try:
                self.refresh()
            except Exception as exc:  # the poller must outlive any bad CURRENT file; the old model keeps serving
                log.error("model.poll_failed", error=f"{type(exc).__name__}: {exc}")
