"""The background worker that refits the site's layer within seconds of new labels (one refit at a time)."""

from __future__ import annotations

import uuid

import structlog

from moderation.background import BackgroundThread
from moderation.scoring.policy import DeploymentProfile
from moderation.scoring.registry import RULES_ONLY, ModelRegistry
from moderation.site.layer.fit import FitOutcome, fit_layer, keeping_served_heads
from moderation.site.layer.model import SiteLayer
from moderation.site.layer.regression import FitPolicy
from moderation.site.layer.store import FORMAT, LayerFormatError, LayerStore
from moderation.site.layer.votes import resolve

log = structlog.get_logger(__name__)

#: Newest label stream entries a refit reads (bounds its memory and time; older labels age out).
MAX_LABEL_ENTRIES = 50_000
#: Newest labelled comments a refit learns from.
MAX_LABELLED_COMMENTS = 20_000
#: Fewer label stream entries than this cannot pass the fit's minimums: no refit runs (and nothing is written).
MIN_LABEL_ENTRIES = 20


class LayerRefitter(BackgroundThread):
    """Every `poll_seconds`, refit the layer if labels arrived since the last refit, or the global model or the
    layer's format changed (a version of an older format is not served: the site's labels are learned again).

    Each app worker runs one; a Redis lease lets only one of them refit at a time, and the others see the
    result through the `current` pointer.
    """

    thread_name = "site-layer-refit"
    stop_timeout = 30.0

    def __init__(
        self,
        *,
        store: LayerStore,
        registry: ModelRegistry,
        profile: DeploymentProfile,
        poll_seconds: float = 5.0,
        lease_seconds: float = 120.0,
        policy: FitPolicy | None = None,
        site_hosts: tuple[str, ...] = (),
    ) -> None:
        self.store = store
        self.site_hosts = site_hosts  # scored as the intake scored them (links to the site's pages are sources)
        self.registry = registry
        self.profile = profile
        self.poll_seconds = poll_seconds
        self.lease_seconds = lease_seconds
        self.policy = policy or FitPolicy()
        super().__init__()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a Redis hiccup or a bad label: try again at the next poll
                log.exception("site_layer.refit_failed")
            self._stop.wait(self.poll_seconds)

    def run_once(self) -> FitOutcome | None:
        """Refit if there is something new to learn and no other worker is refitting; return the outcome."""
        scorer = self.registry.current
        if scorer.version == RULES_ONLY:
            return None  # no global model to stack on
        state = self.store.state()
        if not state.enabled:
            return None
        newest = self.store.last_label_id()
        up_to_date = state.model_version == scorer.version and state.format == FORMAT  # a new service: new features
        if newest is None or (newest == state.cursor and up_to_date):
            return None
        if self.store.label_count() < MIN_LABEL_ENTRIES:
            return None
        token = uuid.uuid4().hex
        if not self.store.acquire(token, seconds=self.lease_seconds):
            return None
        try:
            entries = self.store.recent_labels(limit=MAX_LABEL_ENTRIES)
            if not entries:
                return None
            cursor = entries[-1][0]
            labels = resolve(entries)[-MAX_LABELLED_COMMENTS:]
            outcome = fit_layer(
                labels,
                scorer=scorer,
                profile=self.profile,
                version=self.store.next_version(),
                policy=self.policy,
                site_hosts=self.site_hosts,
            )
            if up_to_date:
                outcome = keeping_served_heads(outcome, self._served(state.current, scorer.version))
            self.store.publish(outcome, cursor=cursor, model_version=scorer.version)
        finally:
            self.store.release(token)
        log.info(
            "site_layer.refit",
            version=outcome.layer.version if outcome.layer else None,
            labels=len(labels),
            heads=sorted(outcome.layer.heads) if outcome.layer else [],
            refused=outcome.refused,
            seconds=round(outcome.seconds, 3),
        )
        return outcome

    def _served(self, version: int | None, model_version: str) -> SiteLayer | None:
        """The layer served now, if it can be read and was fitted on this global model."""
        if version is None:
            return None
        try:
            layer = self.store.load(version)
        except LayerFormatError:
            return None
        return layer if layer is not None and layer.model_version == model_version else None
