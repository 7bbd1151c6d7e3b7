"""Answer Perspective calls (AnalyzeComment, SuggestCommentScore) with the service's own model and label stream."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import redis
import structlog

from moderation.compat.errors import PerspectiveError
from moderation.compat.languages import SUPPORTED_LANGUAGES, first_supported, primary_language
from moderation.compat.perspective.schemas import (
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
from moderation.credentials import Keyring
from moderation.labels import LabelledExample
from moderation.scoring.base import HEADS, Scorer, Submission
from moderation.scoring.registry import RULES_ONLY
from moderation.site.memory import add_label_and_learn
from moderation.storage import scripts
from moderation.storage.keys import Keys

log = structlog.get_logger(__name__)

#: Perspective attribute -> model head; SPAM is our extension (Google retired its own). Google's
#: `<NAME>_EXPERIMENTAL` attributes were its newer models of the same six attributes (the only names it offered
#: for French insults, threats, profanity and identity attacks; PyPerspective asks for them), so the same head
#: answers them.
ATTRIBUTES: dict[str, str] = {head.upper(): head for head in HEADS} | {
    f"{head.upper()}_EXPERIMENTAL": head for head in HEADS if head != "spam"
}
#: Attributes Google served that no head here measures, with the languages Google answered them in (all English
#: only). Asked in those languages they are left out of `attributeScores` (no invented score, the shape Google uses
#: for an attribute below `scoreThreshold`); in any other, refused with Google's own error for that language.
UNBACKED_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    name: ("en",)
    for name in (
        "SEXUALLY_EXPLICIT",
        "FLIRTATION",
        # The New York Times models
        "ATTACK_ON_AUTHOR",
        "ATTACK_ON_COMMENTER",
        "INCOHERENT",
        "INFLAMMATORY",
        "LIKELY_TO_REJECT",
        "OBSCENE",
        "UNSUBSTANTIAL",
        # Bridging attributes
        "AFFINITY_EXPERIMENTAL",
        "COMPASSION_EXPERIMENTAL",
        "CURIOSITY_EXPERIMENTAL",
        "NUANCE_EXPERIMENTAL",
        "PERSONAL_STORY_EXPERIMENTAL",
        "REASONING_EXPERIMENTAL",
        "RESPECT_EXPERIMENTAL",
    )
}
UNDETERMINED = "und"
LANGUAGE_NOT_SUPPORTED = "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
#: Google's limit on `comment.text` ("Comment text too long.").
MAX_COMMENT_BYTES = 20_480
#: A suggested score at or above this is a positive label (Coral sends exactly 0 or 1).
SUGGESTION_POSITIVE = 0.5


# Perspective: AnalyzeComment ------------------------------------------------------------------------
def authenticate_perspective(api_keys: Keyring, key: str | None) -> None:
    """Refuse a missing or unknown key with Google's answers (403 when missing, 400 when wrong)."""
    if not key:
        raise PerspectiveError(
            "The request is missing a valid API key.", code=403, status="PERMISSION_DENIED", reason="API_KEY_MISSING"
        )
    if not api_keys.accepts(key):
        raise PerspectiveError("API key not valid. Please pass a valid API key.", reason="API_KEY_INVALID")


def _comment_text(entry: TextEntry) -> str:
    if entry.type not in (None, "", "PLAIN_TEXT"):
        if entry.type == "HTML":
            raise PerspectiveError("Currently, only 'PLAIN_TEXT' comments are supported.")
        raise PerspectiveError(f"Unknown text type: {entry.type[:32]}")
    if not entry.text.strip():
        raise PerspectiveError("Comment must be non-empty.")
    if "\x00" in entry.text:  # no comment form can type it; stored, it would cut texts short downstream
        raise PerspectiveError("Comment text must not contain NUL characters.")
    if len(entry.text.encode()) > MAX_COMMENT_BYTES:
        raise PerspectiveError("Comment text too long.")
    return entry.text


def _heads(names: Sequence[str], *, what: str) -> dict[str, str]:
    """The requested attributes a head answers, by name; refuse none requested or a name Google never served."""
    if not names:
        raise PerspectiveError(f"Missing {what}.")
    for name in names:
        if name not in ATTRIBUTES and name not in UNBACKED_ATTRIBUTES:
            raise PerspectiveError(f"Unknown requested attribute: {name[:64]}")
    return {name: ATTRIBUTES[name] for name in names if name in ATTRIBUTES}


def _check_unbacked(names: Sequence[str], languages: Sequence[str], detected: Sequence[str]) -> None:
    """Refuse an unbacked attribute in a language Google did not serve it in, as Google did."""
    for name in names:
        served = UNBACKED_ATTRIBUTES.get(name)
        if served is not None and any(primary_language(tag) not in served for tag in languages):
            raise _unsupported_language(name, languages, detected)


def _unsupported_language(attribute: str, languages: Sequence[str], detected: Sequence[str] = ()) -> PerspectiveError:
    tags = [tag[:16] for tag in languages[:8]]
    return PerspectiveError(
        f"Attribute {attribute} does not support request languages: {','.join(tags)}",
        reason=LANGUAGE_NOT_SUPPORTED,
        extra_details=[
            {
                "@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
                "errorType": LANGUAGE_NOT_SUPPORTED,
                "languageNotSupportedByAttributeError": {
                    "detectedLanguages": list(detected),
                    "requestedLanguages": tags,
                    "attribute": attribute,
                },
            }
        ],
    )


#: Sentences scored one by one for spanAnnotations; the rest of a longer text is scored as one last span, so that
#: 20,000 one-word sentences cost what 100 do (each span is a model call: about 25 µs of CPU).
MAX_SPAN_ANNOTATIONS = 100


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences as (begin, end) code point offsets, without surrounding blanks.

    Past `MAX_SPAN_ANNOTATIONS` sentences, the last span runs from the next sentence to the end of the text.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if len(spans) == MAX_SPAN_ANNOTATIONS - 1:
            break
        _add_span(spans, text, start, match.end())
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


# Starts only at the first mark of a run: a long run of marks not followed by a blank is passed once, not
# rescanned from each mark (linear time).
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]+(?=\s)|\n")


def _add_span(spans: list[tuple[int, int]], text: str, begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin:
        spans.append((begin, end))


def analyze(*, scorer: Scorer, request: AnalyzeCommentRequest) -> AnalyzeCommentResponse:
    """Score a comment on the requested attributes, refusing what Google refuses; nothing is stored.

    With no `languages`, the answer's `languages` and `detectedLanguages` name the detected language; when
    detection is unsure both are empty and the comment is still scored (the scorer's own fallback), since
    short comments often defeat detection and refusing them, as Google does, would leave the caller unprotected.
    Attributes Google served that no head measures are left out, or refused where Google refused them.
    """
    text = _comment_text(request.comment)
    requested = list(request.requested_attributes)
    heads = _heads(requested, what="requested_attributes")
    first = requested[0]
    wanted = {name: params or AttributeParameters() for name, params in request.requested_attributes.items()}
    for name, params in wanted.items():
        if params.score_type not in (None, "", "PROBABILITY"):
            raise PerspectiveError(
                f"Requested score type {params.score_type[:32]} is not supported by attribute {name}"
            )
    if request.languages and any(primary_language(t) not in SUPPORTED_LANGUAGES for t in request.languages):
        raise _unsupported_language(first, request.languages)
    _check_unbacked(requested, request.languages, ())
    if scorer.version == RULES_ONLY:
        raise PerspectiveError(
            "No model is loaded yet; try again shortly.", code=503, status="UNAVAILABLE", reason="MODEL_NOT_LOADED"
        )

    hint = first_supported(request.languages)
    scored = scorer.score(Submission(text=text, lang=hint), explain=False)
    detected = scored.language if scored.language in SUPPORTED_LANGUAGES else UNDETERMINED
    detected_languages = [] if detected == UNDETERMINED else [detected]
    languages = list(request.languages) or detected_languages
    for name, head in heads.items():
        if head not in scored.scores:  # this model version has no such head
            raise _unsupported_language(name, languages, detected_languages)
    if not request.languages:
        _check_unbacked(requested, languages, detected_languages)

    # As Google: one span over the whole text by default, one a sentence with spanAnnotations.
    spans = sentence_spans(text) if request.span_annotations else [(0, len(text))]
    span_values: list[Mapping[str, float]] = [scored.scores]
    if len(spans) > 1:
        lang = hint or (languages[0] if languages else None)
        subs = [Submission(text=text[b:e], lang=lang) for b, e in spans]
        span_values = [s.scores for s in scorer.score_many(subs)]

    attribute_scores: dict[str, AttributeScores] = {}
    for name, head in heads.items():
        value = float(scored.scores[head])
        threshold = wanted[name].score_threshold
        if threshold is not None and value < threshold:
            continue  # as Google: below the caller's floor, the attribute is left out
        span_scores = [
            SpanScore(begin=b, end=e, score=Score(value=float(values.get(head, 0.0))))
            for (b, e), values in zip(spans, span_values, strict=True)
        ]
        attribute_scores[name] = AttributeScores(summary_score=Score(value=value), span_scores=span_scores)
    log.info(
        "perspective.analyzed",
        attributes=list(heads),
        left_out=[name for name in requested if name not in heads],
        languages=[tag[:16] for tag in languages[:8]],
        model_version=scored.model_version,
        do_not_store=request.do_not_store,
    )
    return AnalyzeCommentResponse(
        attribute_scores=attribute_scores,
        languages=languages,
        detected_languages=detected_languages,
        client_token=request.client_token,
    )


# Perspective: SuggestCommentScore --------------------------------------------------------------------
#: Longest context entry read for a page URL: Coral's entry is a short JSON object.
MAX_CONTEXT_ENTRY_CHARS = 4096


def _context_url(context: Context | None) -> str:
    """The page URL Coral puts in its context entry (`{"url": ...}` as JSON text), if any.

    An entry is a hint, never a reason to refuse: too long, nested too deep, or an unparsable URL is skipped.
    """
    for entry in (context.entries if context else [])[:4]:
        if len(entry.text) > MAX_CONTEXT_ENTRY_CHARS:
            continue
        try:
            data = json.loads(entry.text)
        except (ValueError, RecursionError):
            continue
        url = data.get("url") if isinstance(data, dict) else None
        if not isinstance(url, str) or len(url) > 2000 or "\x00" in url:
            continue
        try:
            parts = urlsplit(url)
            url.encode("utf-8")  # a lone surrogate cannot be stored
        except (ValueError, UnicodeEncodeError):  # "http://[zz": an unclosed IPv6 bracket
            continue
        if parts.scheme in ("http", "https"):
            return url
    return ""


def suggest_score(
    *, client: redis.Redis, keys: Keys, request: SuggestCommentScoreRequest
) -> SuggestCommentScoreResponse:
    """Store the client's suggested scores as a labelled example; the latest for a `clientToken` replaces the rest."""
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
    replaced = store_suggestion(client, keys=keys, example=example)
    log.info("perspective.suggestion_stored", comment_id=example.comment_id, labels=labels, replaced=replaced)
    return SuggestCommentScoreResponse(client_token=request.client_token)


def store_suggestion(client: redis.Redis, *, keys: Keys, example: LabelledExample) -> bool:
    """Append the example to the label stream; with a comment id, replace that id's earlier suggestion.

    Returns whether an earlier suggestion was replaced. A suggestion without `clientToken` cannot be
    matched to another, so it is only appended.
    """
    if not example.labels:
        return False
    if not example.comment_id:
        with client.pipeline(transaction=True) as pipe:  # the label and what the site memory learns, at once
            add_label_and_learn(pipe, keys=keys, example=example)
            pipe.execute()
        return False
    script = scripts.register(client, "suggest_latest")
    fields = [part for pair in example.to_fields().items() for part in pair]
    _, previous = script(keys=[keys.perspective_suggestions(), keys.labels()], args=[example.comment_id, *fields])
    return bool(previous)
