"""Answer Perspective and Akismet calls with the service's own model, rules and label stream."""

from __future__ import annotations

import codecs
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes, urlsplit

import redis
import structlog

from moderation.compat.apikeys import ApiKeys
from moderation.compat.errors import AkismetInvalidError, PerspectiveError
from moderation.compat.schemas import (
    AkismetComment,
    AnalyzeCommentRequest,
    AnalyzeCommentResponse,
    AttributeParameters,
    AttributeScores,
    Context,
    Score,
    SpanScore,
    SuggestCommentScoreRequest,
    SuggestCommentScoreResponse,
    TextEntry,
)
from moderation.config import Settings
from moderation.intake.decision import Status
from moderation.intake.service import IntakeService
from moderation.labels import LabelledExample, add_label
from moderation.privacy import Hasher
from moderation.scoring.base import Scorer, Submission
from moderation.scoring.policy import effective_thresholds
from moderation.scoring.registry import RULES_ONLY
from moderation.storage.keys import Keys

log = structlog.get_logger(__name__)

#: Perspective attribute -> model head; SPAM is our extension (Google retired its own).
ATTRIBUTES: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "profanity",
    "THREAT": "threat",
    "SPAM": "spam",
}
SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "en")
UNDETERMINED = "und"
#: Google's limit on `comment.text` ("Comment text too long.").
MAX_COMMENT_BYTES = 20_480
#: A suggested score at or above this is a positive label (Coral sends exactly 0 or 1).
SUGGESTION_POSITIVE = 0.5

#: Akismet's documented test values: this author or this email always gets "true".
AKISMET_TEST_SPAM_AUTHOR = "viagra-test-123"
AKISMET_TEST_SPAM_EMAIL = "akismet-guaranteed-spam@example.com"
#: Reasons that make spam blatant enough to discard unseen, like Akismet's `X-akismet-pro-tip: discard`.
DISCARD_REASONS = frozenset({"honeypot", "disallowed_word"})
#: Discard model spam from halfway between the spam head's reject threshold and certainty.
DISCARD_MARGIN = 0.5


# Languages -----------------------------------------------------------------------------------------
def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 or locale tag: "fr-FR", "fr_CA" and "FR" give "fr"."""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


def first_supported(tags: Sequence[str]) -> str | None:
    """The first of `tags` the model knows (fr or en), else None."""
    for tag in tags:
        lang = primary_language(tag)
        if lang in SUPPORTED_LANGUAGES:
            return lang
    return None


# Perspective: AnalyzeComment ------------------------------------------------------------------------
def authenticate_perspective(api_keys: ApiKeys, key: str | None) -> None:
    """Refuse a missing or unknown key with Google's answers (403 when missing, 400 when wrong)."""
    if not key:
        raise PerspectiveError("The request is missing a valid API key.", code=403, status="PERMISSION_DENIED")
    if not api_keys.accepts(key):
        raise PerspectiveError("API key not valid. Please pass a valid API key.")


def _comment_text(entry: TextEntry) -> str:
    if entry.type not in (None, "", "PLAIN_TEXT"):
        if entry.type == "HTML":
            raise PerspectiveError("Currently, only 'PLAIN_TEXT' comments are supported.")
        raise PerspectiveError(f"Unknown text type: {entry.type[:32]}")
    if not entry.text.strip():
        raise PerspectiveError("Comment must be non-empty.")
    if len(entry.text.encode()) > MAX_COMMENT_BYTES:
        raise PerspectiveError("Comment text too long.")
    return entry.text


def _heads(names: Sequence[str], *, what: str) -> dict[str, str]:
    if not names:
        raise PerspectiveError(f"Missing {what}.")
    for name in names:
        if name not in ATTRIBUTES:
            raise PerspectiveError(f"Unknown requested attribute: {name[:64]}")
    return {name: ATTRIBUTES[name] for name in names}


def _unsupported_language(attribute: str, languages: Sequence[str]) -> PerspectiveError:
    listed = ",".join(tag[:16] for tag in languages[:8])
    return PerspectiveError(f"Attribute {attribute} does not support request languages: {listed}")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences as (begin, end) code point offsets, without surrounding blanks."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_span(spans, text, start, match.end())
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


_SENTENCE_END = re.compile(r"[.!?…]+(?=\s)|\n")


def _add_span(spans: list[tuple[int, int]], text: str, begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin:
        spans.append((begin, end))


def analyze(*, scorer: Scorer, request: AnalyzeCommentRequest, default_language: str) -> AnalyzeCommentResponse:
    """Score a comment on the requested attributes, refusing what Google refuses; nothing is stored.

    With no `languages`, the detected language is used, else (detection unsure) `default_language`:
    short comments often defeat detection, and refusing them would leave the caller unprotected.
    """
    text = _comment_text(request.comment)
    heads = _heads(list(request.requested_attributes), what="requested_attributes")
    first = next(iter(heads))
    wanted = {name: params or AttributeParameters() for name, params in request.requested_attributes.items()}
    for name, params in wanted.items():
        if params.score_type not in (None, "", "PROBABILITY"):
            raise PerspectiveError(
                f"Requested score type {params.score_type[:32]} is not supported by attribute {name}"
            )
    if request.languages and any(primary_language(t) not in SUPPORTED_LANGUAGES for t in request.languages):
        raise _unsupported_language(first, request.languages)
    if scorer.version == RULES_ONLY:
        raise PerspectiveError("No model is loaded yet; try again shortly.", code=503, status="UNAVAILABLE")

    hint = first_supported(request.languages)
    scored = scorer.score(Submission(text=text, lang=hint), explain=False)
    detected = scored.language if scored.language in SUPPORTED_LANGUAGES else UNDETERMINED
    languages = list(request.languages) or [default_language if detected == UNDETERMINED else detected]
    for name, head in heads.items():
        if head not in scored.scores:  # this model version has no such head
            raise _unsupported_language(name, languages)

    span_values: list[Mapping[str, float]] = []
    spans = sentence_spans(text) if request.span_annotations else []
    if len(spans) > 1:
        lang = hint or languages[0]
        subs = [Submission(text=text[b:e], lang=lang) for b, e in spans]
        span_values = [s.scores for s in scorer.score_many(subs)]
    elif spans:
        span_values = [scored.scores]

    attribute_scores: dict[str, AttributeScores] = {}
    for name, head in heads.items():
        value = float(scored.scores[head])
        threshold = wanted[name].score_threshold
        if threshold is not None and value < threshold:
            continue  # as Google: below the caller's floor, the attribute is left out
        span_scores = None
        if request.span_annotations:
            span_scores = [
                SpanScore(begin=b, end=e, score=Score(value=float(values.get(head, 0.0))))
                for (b, e), values in zip(spans, span_values, strict=True)
            ]
        attribute_scores[name] = AttributeScores(summary_score=Score(value=value), span_scores=span_scores)
    log.info(
        "perspective.analyzed",
        attributes=list(heads),
        languages=[tag[:16] for tag in languages[:8]],
        model_version=scored.model_version,
        do_not_store=request.do_not_store,
    )
    return AnalyzeCommentResponse(
        attribute_scores=attribute_scores,
        languages=languages,
        detected_languages=[] if detected == UNDETERMINED else [detected],
        client_token=request.client_token,
    )


# Perspective: SuggestCommentScore --------------------------------------------------------------------
def _context_url(context: Context | None) -> str:
    """The page URL Coral puts in its context entry (`{"url": ...}` as JSON text), if any."""
    for entry in (context.entries if context else [])[:4]:
        try:
            data = json.loads(entry.text)
        except ValueError:
            continue
        url = data.get("url") if isinstance(data, dict) else None
        if isinstance(url, str) and len(url) <= 2000 and urlsplit(url).scheme in ("http", "https"):
            return url
    return ""


def suggest_score(
    *, client: redis.Redis, keys: Keys, request: SuggestCommentScoreRequest
) -> SuggestCommentScoreResponse:
    """Store the client's suggested scores as a labelled example for retraining."""
    text = _comment_text(request.comment)
    heads = _heads(list(request.attribute_scores), what="attribute_scores")
    labels: dict[str, int] = {}
    for name, head in heads.items():
        suggestion = request.attribute_scores[name]
        values = [s.score.value for s in suggestion.span_scores]
        if suggestion.summary_score is not None:
            value = suggestion.summary_score.value
        elif values:
            value = max(values)
        else:
            raise PerspectiveError(f"Missing summary_score for attribute {name}.")
        if not 0.0 <= value <= 1.0:
            raise PerspectiveError(f"Score for attribute {name} must be between 0 and 1.")
        labels[head] = int(value >= SUGGESTION_POSITIVE)
    example = LabelledExample(
        text=text,
        labels=labels,
        source="perspective",
        language=first_supported(request.languages) or "",
        url=_context_url(request.context),
        comment_id=(request.client_token or "")[:200],
    )
    add_label(client, keys=keys, example=example)
    log.info("perspective.suggestion_stored", comment_id=example.comment_id, labels=labels)
    return SuggestCommentScoreResponse(client_token=request.client_token)


# Akismet -----------------------------------------------------------------------------------------------
def parse_form(body: bytes, *, header_charset: str | None) -> dict[str, str]:
    """Decode a URL-encoded body in `blog_charset` (else the header's charset, else UTF-8); last value wins."""
    raw: dict[bytes, bytes] = {}
    for part in body.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            raw[unquote_to_bytes(name.replace(b"+", b" "))] = unquote_to_bytes(value.replace(b"+", b" "))
    charset = raw.get(b"blog_charset", b"").decode("ascii", "replace").strip() or header_charset or "utf-8"
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise AkismetInvalidError(f"Unknown blog_charset: {_printable(charset)}") from None
    try:
        return {k.decode(codec): v.decode(codec) for k, v in raw.items()}
    except UnicodeDecodeError:
        raise AkismetInvalidError(f"The body is not valid {codec}.") from None


def _printable(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]", "?", value[:40])


def _authenticate_akismet(api_keys: ApiKeys, form: AkismetComment) -> None:
    if not form.api_key.strip():
        raise AkismetInvalidError("Missing required field: api_key.")
    if not api_keys.accepts(form.api_key):
        raise AkismetInvalidError("Invalid API key.")


def _require(form: AkismetComment, *names: str) -> None:
    for name in names:
        if not str(getattr(form, name)).strip():
            raise AkismetInvalidError(f"Missing required field: {name}.")


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def _honeypot_filled(form: AkismetComment, settings: Settings) -> bool:
    """Akismet's `honeypot_field_name`, or WordPress's own trap field (sent as `POST_<name>`)."""
    names = [form.honeypot_field_name.strip(), settings.honeypot_field, f"POST_{settings.honeypot_field}"]
    return any(form.other_field(name).strip() for name in names if name)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Akismet's verdict on one comment, and our own status behind it."""

    spam: bool
    discard: bool
    status: Status
    guid: str


def comment_check(*, form: AkismetComment, api_keys: ApiKeys, intake: IntakeService) -> CheckResult:
    """Decide a comment exactly as our own API would; spam and rejected are Akismet's "true"."""
    _authenticate_akismet(api_keys, form)
    _require(form, "blog", "user_ip")
    guid = uuid.uuid4().hex
    author, email = form.comment_author.strip(), form.comment_author_email.strip()
    if author == AKISMET_TEST_SPAM_AUTHOR or email.casefold() == AKISMET_TEST_SPAM_EMAIL:
        return CheckResult(spam=True, discard=False, status="spam", guid=guid)
    if form.user_role.strip().lower() == "administrator":  # documented: an administrator is never spam
        return CheckResult(spam=False, discard=False, status="approved", guid=guid)

    assessment = intake.decide(
        Submission(
            text=form.comment_content.strip(),
            author=author,
            email=email,
            url=form.comment_author_url.strip(),
            lang=first_supported(form.blog_lang.split(",")),
        ),
        user_ip=form.user_ip,
        user_agent=form.user_agent,
        honeypot_filled=_honeypot_filled(form, intake.settings),
    )
    spam = assessment.status in ("spam", "rejected")
    discard = spam and (
        any(r.code in DISCARD_REASONS for r in assessment.reasons)
        or _blatant(assessment.scores, intake.registry.current, intake.effective_settings())
    )
    log.info(
        "akismet.checked",
        guid=guid,
        status=assessment.status,
        discard=discard,
        model_version=assessment.model_version,
        comment_type=_printable(form.comment_type),
        is_test=_flag(form.is_test),
    )
    return CheckResult(spam=spam, discard=discard, status=assessment.status, guid=guid)


def _blatant(scores: Mapping[str, float], scorer: Scorer, settings: Settings) -> bool:
    """Whether the spam score is past the spam head's reject threshold by the discard margin."""
    cut = effective_thresholds(scorer.thresholds, settings.thresholds).get("spam")
    score = scores.get("spam")
    if cut is None or score is None or cut.reject > 1.0:
        return False
    return score >= cut.reject + (1.0 - cut.reject) * DISCARD_MARGIN


def submit_feedback(
    *,
    form: AkismetComment,
    spam: bool,
    api_keys: ApiKeys,
    client: redis.Redis,
    keys: Keys,
    hasher: Hasher,
) -> bool:
    """Store a missed spam or a false positive as a labelled example; `is_test` calls store nothing."""
    _authenticate_akismet(api_keys, form)
    _require(form, "blog", "user_ip", "comment_content")
    if _flag(form.is_test):
        log.info("akismet.feedback_skipped", spam=spam, is_test=True)
        return False
    example = LabelledExample(
        text=form.comment_content.strip(),
        labels={"spam": int(spam)},
        source="akismet",
        language=first_supported(form.blog_lang.split(",")) or "",
        author_hash=hasher.email(form.comment_author_email),
        url=form.comment_author_url.strip(),
    )
    add_label(client, keys=keys, example=example)
    log.info("akismet.feedback_stored", spam=spam)
    return True
