"""Decide one submission's status from the site's rules and the model's scores (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from moderation.config import Settings
from moderation.intake.rules import count_links, first_listed_word, fold_fields
from moderation.reasons import Reason
from moderation.scoring.base import Scorer, Scores, Span, Submission, Thresholds
from moderation.scoring.language import resolve_language
from moderation.scoring.lexicon import profanity_alone, without_expletives
from moderation.scoring.metadata import shop_signature
from moderation.scoring.ngrams import feature_text
from moderation.scoring.policy import NEVER, SPAM_HEADS, effective_thresholds, judge
from moderation.scoring.registry import RULES_ONLY
from moderation.scoring.spam_signals import praises
from moderation.site.layer.model import SiteLayer
from moderation.site.memory import Findings

Status = Literal["approved", "pending", "spam", "rejected"]
STATUSES: tuple[Status, ...] = ("approved", "pending", "spam", "rejected")
_SEVERITY: dict[Status, int] = {"approved": 0, "pending": 1, "rejected": 2, "spam": 3}


#: The head whose hold swearing said of no one does not make where the site allows it (`Settings.profanity_alone`).
PROFANITY_ALONE_HEAD = "toxicity"


def _profanity_alone(
    submission: Submission, scorer: Scorer, thresholds: Mapping[str, Thresholds], layer: SiteLayer | None
) -> bool:
    """Whether the toxicity head's hold is for swearing alone: the only lexicon words are swearing said of no one
    (`lexicon.profanity_alone`), and the same words without it would be held by no abuse head ("i will fucking kill
    him" is "i will kill him": held for threat). False once a site's layer re-scores the toxicity head: the site's
    own approvals and holds decide what its readers' swearing is then. Scores the text again (rare: the comments
    the toxicity head alone holds, whose only abusive words are swearing)."""
    if layer is not None and PROFANITY_ALONE_HEAD in layer.heads:
        return False
    text = feature_text(submission.text)
    if not profanity_alone(text):
        return False
    rescored = scorer.score(Submission(text=without_expletives(text), lang=submission.lang), explain=False)
    return not any(
        head not in SPAM_HEADS and head in thresholds and value >= thresholds[head].approve
        for head, value in rescored.scores.items()
    )


@dataclass(frozen=True, slots=True)
class Assessment:
    """The outcome for one submission, before anything is stored."""

    status: Status
    reasons: list[Reason]
    scores: dict[str, float]
    language: str
    model_version: str
    spans: dict[str, list[Span]]

    @property
    def risk(self) -> float:
        """The highest score of any head (0 when rules alone decided), used to order the queue."""
        return max(self.scores.values(), default=0.0)


def assess(
    *,
    submission: Submission,
    scorer: Scorer,
    settings: Settings,
    context_fields: tuple[str, ...] = (),
    honeypot_filled: bool = False,
    form_flags: tuple[tuple[Status, Reason], ...] = (),
    trusted_author: bool = False,
    banned: bool = False,
    explain: bool = True,
    scored: Scores | None = None,
    layer: SiteLayer | None = None,
    memory: Findings | None = None,
) -> Assessment:
    """Score a submission and apply WordPress's rules, the model thresholds and the site memory to choose a status.

    `context_fields` are extra strings the word lists are matched against (user IP, user agent), as
    WordPress does; they are used here and never stored. A site `layer` fitted on the served model re-scores
    the heads it covers with the site's own labels, and its re-derived cuts replace the model's for them.
    `form_flags` are what the site's own form signals call for (moderation/intake/form_signals.py).
    `memory` is what the site memory found for the submission's links, numbers and text (read by the caller:
    no I/O here).
    """
    if scored is None:  # batch scoring passes scores computed for many submissions at once
        scored = scorer.score(submission, explain=explain)
    model_cuts = scorer.thresholds
    global_scores = scored.scores
    if layer is not None and layer.applies_to(scored.model_version):
        scored = layer.apply(scored, submission.text)
        model_cuts = layer.thresholds(model_cuts)
    else:
        layer = None
    status: Status = "approved"
    reasons: list[Reason] = []

    def escalate(to: Status, reason: Reason) -> None:
        nonlocal status
        reasons.append(reason)
        if _SEVERITY[to] > _SEVERITY[status]:
            status = to

    # WordPress matches the lists in the name, e-mail, URL, text, IP and user agent; the scorer's reading only in
    # what the reader wrote. Most sites leave both lists empty: fold nothing then (it dominated batch scoring).
    folded = (
        fold_fields((submission.author, submission.text), plain=(submission.email, submission.url, *context_fields))
        if settings.disallowed_keys or settings.moderation_keys
        else []
    )
    if banned:
        escalate("rejected", Reason("banned", "rule"))
    if honeypot_filled:
        escalate("spam", Reason("honeypot", "rule"))
    for flagged, why in form_flags:
        escalate(flagged, why)
    if first_listed_word(settings.disallowed_keys, folded) is not None:
        escalate("rejected", Reason("disallowed_word", "rule"))

    # WordPress's check_comment, in its order: manual approval, links, moderation words, previous approval.
    if settings.manual_approval:
        escalate("pending", Reason("manual_approval", "rule"))
    links = count_links(submission.text)
    if settings.max_links and links >= settings.max_links:
        link_hold = Reason("too_many_links", "rule", params={"count": links, "limit": settings.max_links})
        if trusted_author:  # a reader the site already approved may cite sources (not in WordPress: see docs)
            reasons.append(Reason("trusted_author", "rule"))
        else:
            escalate("pending", link_hold)
    if first_listed_word(settings.moderation_keys, folded) is not None:
        escalate("pending", Reason("moderation_word", "rule"))  # whoever the author is, as in WordPress
    if settings.require_previously_approved and not trusted_author:
        escalate("pending", Reason("first_comment", "rule"))

    thresholds = effective_thresholds(model_cuts, settings.thresholds)
    for verdict in judge(scored.scores, thresholds):
        params: dict[str, float | int] = {"score": verdict.score}
        if layer is not None and verdict.head in layer.heads:
            params["site_layer"] = layer.version  # the site's own labels drove this head's score
        if verdict.lean == "reject":
            to: Status = "spam" if verdict.head in SPAM_HEADS else "rejected"
            escalate(to, Reason("model_reject", "model", head=verdict.head, params=params))
        elif verdict.lean == "hold":
            if (
                verdict.head == PROFANITY_ALONE_HEAD
                and settings.approves_profanity_alone
                and _profanity_alone(submission, scorer, thresholds, layer)
            ):
                reasons.append(Reason("profanity_alone", "model", head=verdict.head, params=params))
                continue
            escalate("pending", Reason("model_hold", "model", head=verdict.head, params=params))
    if layer is not None and layer.global_rejects:
        # a head the layer re-scores rejects nothing on its own scores unless the site's labels proved a reject cut
        # (site/layer/cuts.py, evidenced_reject): there the global model rejects, on its own score and cut (an
        # admin's reject cut for the head, if any, applies to the layer's score above instead)
        global_cuts = effective_thresholds(scorer.thresholds, settings.thresholds)
        for head in layer.global_rejects:
            global_cut, score = global_cuts.get(head), global_scores.get(head)
            if thresholds[head].reject < NEVER or global_cut is None or score is None:
                continue
            if score >= global_cut.reject:
                to = "spam" if head in SPAM_HEADS else "rejected"
                escalate(to, Reason("model_reject", "model", head=head, params={"score": score}))

    if memory is not None:
        spam_score = scored.scores.get("spam")
        for to_status, reason in memory.verdicts(
            spam_score=spam_score,
            unseen_link_spam_score=settings.unseen_link_spam_score,
            unseen_phone_spam_score=settings.unseen_phone_spam_score,
            # the compliment is read only for a comment signed with a website the site never approved
            praise=settings.unseen_website_praise and bool(memory.unseen_website) and praises(submission.text),
            commercial_site=bool(memory.unseen_website) and shop_signature(submission.url, submission.author),
            commercial_site_spam_score=settings.commercial_website_spam_score,
        ):
            escalate(to_status, reason)

    if scored.model_version == RULES_ONLY:
        reasons.append(Reason("rules_only", "system"))
    if status == "approved" and not any(r.source != "system" for r in reasons):
        reasons.insert(0, Reason("clean", "system"))
    return Assessment(
        status=status,
        reasons=reasons,
        scores=dict(scored.scores),
        language=resolve_language(scored.language, settings.default_language),
        model_version=scored.model_version,
        spans=dict(scored.spans),
    )
