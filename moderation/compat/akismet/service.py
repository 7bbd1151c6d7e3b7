"""Answer Akismet's comment-check, submit-spam and submit-ham with the service's own rules, model and labels."""

from __future__ import annotations

import codecs
import ipaddress
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import redis
import structlog

from moderation.compat.akismet import accounts as akismet_accounts
from moderation.compat.akismet.schemas import AkismetComment
from moderation.compat.errors import AkismetBadRequestError, AkismetInvalidError
from moderation.compat.languages import first_supported
from moderation.config import HeldKind, Settings
from moderation.credentials import Keyring
from moderation.intake.decision import Assessment, Status
from moderation.intake.service import IntakeService
from moderation.labels import LabelledExample
from moderation.privacy import Hasher
from moderation.scoring.base import Scorer, Submission
from moderation.scoring.policy import SPAM_HEADS, effective_thresholds
from moderation.scoring.wordlists import words
from moderation.site.memory import add_label_and_learn
from moderation.storage.keys import Keys

log = structlog.get_logger(__name__)

#: Akismet's documented test values: these authors or this email always get "true".
AKISMET_TEST_SPAM_AUTHORS = frozenset({"akismet-guaranteed-spam", "viagra-test-123"})
AKISMET_TEST_SPAM_EMAIL = "akismet-guaranteed-spam@example.com"
#: Reasons that make spam blatant enough to discard unseen, like Akismet's `X-akismet-pro-tip: discard`.
DISCARD_REASONS = frozenset({"honeypot", "disallowed_word"})
#: Discard model spam from halfway between the spam head's reject threshold and certainty.
DISCARD_MARGIN = 0.5
#: The longest key accepted from the first label of the `Host` header (DNS labels stop at 63).
MAX_HOST_KEY = 63
#: Comment types sent by servers, not typed into a browser form: a script's user agent is expected there.
SERVER_COMMENT_TYPES = frozenset({"pingback", "trackback"})
#: The agent's first product token (`Python-urllib` in `Python-urllib/2.1`), read from at most this many characters.
MAX_AGENT_CHARS = 256
_PRODUCT = re.compile(r"\s*([^\s/;()]+)")


# Form and key --------------------------------------------------------------------------------------------
RawForm = dict[bytes, bytes]


def split_form(body: bytes) -> RawForm:
    """The URL-encoded body's fields as bytes (last value wins), not yet decoded."""
    raw: RawForm = {}
    for part in body.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            raw[unquote_to_bytes(name.replace(b"+", b" "))] = unquote_to_bytes(value.replace(b"+", b" "))
    return raw


def ascii_field(raw: RawForm, name: str) -> str:
    """A field that is ASCII by nature (a key, a charset), readable before the body's charset is known."""
    return raw.get(name.encode(), b"").decode("ascii", "replace").strip()


def decode_form(raw: RawForm, *, header_charset: str | None) -> dict[str, str]:
    """Decode the fields in `blog_charset` (else the header's charset, else UTF-8); only text encodings."""
    charset = ascii_field(raw, "blog_charset") or header_charset or "utf-8"
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError):  # ValueError: an embedded NUL
        raise AkismetBadRequestError(f"Unknown blog_charset: {_printable(charset)}") from None
    # base64, rot13, zlib... are codecs too, but not text encodings: a body cannot be "in" them.
    if not getattr(info, "_is_text_encoding", True):
        raise AkismetBadRequestError(f"Unknown blog_charset: {_printable(charset)}")
    try:
        return {k.decode(info.name): v.decode(info.name) for k, v in raw.items()}
    except (UnicodeError, ValueError):
        raise AkismetBadRequestError(f"The body is not valid {_printable(info.name)}.") from None


def host_key(host: str) -> str:
    """The key a `KEY.rest.akismet.com`-style client puts in the host name: its first label, else ""."""
    name = host.strip()  # clients lower-case host names, so a key sent this way must be lower-case
    if name.startswith("["):  # an IPv6 literal
        return ""
    name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
    label, dot, rest = name.partition(".")
    if not dot or not rest or not label or len(label) > MAX_HOST_KEY:
        return ""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return label
    return ""


def client_key(*, fields: Mapping[str, str], host: str, names: tuple[str, ...] = ("api_key",)) -> str:
    """The key a call carries: the first non-empty of the named fields, else the `Host` header's first label."""
    for name in names:
        value = fields.get(name, "").strip()
        if value:
            return value
    return host_key(host)


def authenticate(api_keys: Keyring, key: str) -> None:
    """Refuse a missing or unknown key as Akismet does (`invalid` with a debug-help header)."""
    if not key:
        raise AkismetInvalidError("Missing required field: api_key.")
    if not api_keys.accepts(key):
        raise AkismetInvalidError("Invalid API key.")


def _printable(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]", "?", value[:40])


def _require(form: AkismetComment, *names: str) -> None:
    for name in names:
        if not str(getattr(form, name)).strip():
            raise AkismetInvalidError(f"Missing required field: {name}.")


def is_test(form: AkismetComment) -> bool:
    """Akismet's `is_test`: any of 1, true, yes, on."""
    return form.is_test.strip().lower() in ("1", "true", "yes", "on")


def _honeypot_filled(form: AkismetComment, settings: Settings) -> bool:
    """Akismet's `honeypot_field_name`, or WordPress's own trap field (sent as `POST_<name>`)."""
    names = [form.honeypot_field_name.strip(), settings.honeypot_field, f"POST_{settings.honeypot_field}"]
    return any(form.other_field(name).strip() for name in names if name)


def script_agent(form: AkismetComment) -> bool:
    """Whether a comment typed into a form came with an HTTP library's or a tool's agent (`curl/8.5`), not a browser's.

    Pingbacks and trackbacks are sent by servers, so their agents are never held against them; an empty agent is
    no evidence either way (server-side integrations often send none).
    """
    if form.comment_type.strip().lower() in SERVER_COMMENT_TYPES:
        return False
    match = _PRODUCT.match(form.user_agent[:MAX_AGENT_CHARS])
    return match is not None and match.group(1).lower() in words("script-agents")


# comment-check ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CheckResult:
    """Akismet's verdict on one comment, and our own status behind it."""

    spam: bool
    discard: bool
    status: Status
    guid: str
    held: HeldKind | None = None
    script_agent: bool = False


def held_kind(assessment: Assessment) -> HeldKind:
    """Why a pending comment is held: a toxicity head's hold ("abuse"), the spam head's ("spam"), else a rule."""
    heads = {r.head for r in assessment.reasons if r.code == "model_hold" and r.head}
    if heads - SPAM_HEADS:
        return "abuse"
    if heads:
        return "spam"
    return "rules"


def comment_check(
    *, form: AkismetComment, key: str, api_keys: Keyring, intake: IntakeService, client: redis.Redis, keys: Keys
) -> CheckResult:
    """Decide a comment as our own API would; spam, rejected and the configured held kinds are Akismet's "true"."""
    authenticate(api_keys, key)
    _require(form, "blog", "user_ip")
    result = _decide(form, intake)
    if not is_test(form):
        akismet_accounts.count(client, keys=keys, key=key, site=form.blog, metric="spam" if result.spam else "ham")
    log.info(
        "akismet.checked",
        guid=result.guid,
        status=result.status,
        held=result.held,
        spam=result.spam,
        discard=result.discard,
        script_agent=result.script_agent,
        comment_type=_printable(form.comment_type),
        is_test=is_test(form),
    )
    return result


def _decide(form: AkismetComment, intake: IntakeService) -> CheckResult:
    guid = uuid.uuid4().hex
    author, email = form.comment_author.strip(), form.comment_author_email.strip()
    if author in AKISMET_TEST_SPAM_AUTHORS or email.casefold() == AKISMET_TEST_SPAM_EMAIL:
        return CheckResult(spam=True, discard=False, status="spam", guid=guid)
    if form.user_role.strip().lower() == "administrator":  # documented: an administrator is never spam
        return CheckResult(spam=False, discard=False, status="approved", guid=guid)

    # One model and one set of thresholds for the whole call: a reload between the decision and the discard tip
    # would otherwise judge one model's scores against another's thresholds.
    scorer, settings = intake.registry.current, intake.effective_settings()
    assessment = intake.dry_run(
        Submission(
            text=form.comment_content.strip(),
            author=author,
            email=email,
            url=form.comment_author_url.strip(),
            lang=first_supported(form.blog_lang.split(",")),
            own_hosts=intake.site_hosts,
        ),
        scorer=scorer,
        settings=settings,
        user_ip=form.user_ip,
        user_agent=form.user_agent,
        honeypot_filled=_honeypot_filled(form, intake.settings),
        permalink=form.permalink,
    )
    scripted = script_agent(form)
    status: Status = "spam" if scripted and assessment.status in ("approved", "pending") else assessment.status
    held = held_kind(assessment) if status == "pending" else None
    spam = status in ("spam", "rejected") or held in settings.akismet_held_as_spam
    discard = assessment.status in ("spam", "rejected") and (
        any(r.code in DISCARD_REASONS for r in assessment.reasons) or _blatant(assessment.scores, scorer, settings)
    )
    return CheckResult(spam=spam, discard=discard, status=status, guid=guid, held=held, script_agent=scripted)


def _blatant(scores: Mapping[str, float], scorer: Scorer, settings: Settings) -> bool:
    """Whether the spam score is past the spam head's reject threshold by the discard margin."""
    cut = effective_thresholds(scorer.thresholds, settings.thresholds).get("spam")
    score = scores.get("spam")
    if cut is None or score is None or cut.reject > 1.0:
        return False
    return score >= cut.reject + (1.0 - cut.reject) * DISCARD_MARGIN


# submit-spam / submit-ham ------------------------------------------------------------------------------------
def submit_feedback(
    *,
    form: AkismetComment,
    key: str,
    spam: bool,
    api_keys: Keyring,
    client: redis.Redis,
    keys: Keys,
    hasher: Hasher,
) -> bool:
    """Store a missed spam or a false positive as a labelled example; test calls and empty texts store none."""
    authenticate(api_keys, key)
    _require(form, "blog", "user_ip")  # Akismet requires no comment_content here either
    labelled = (form.comment_content, form.comment_author_email, form.comment_author_url, form.blog_lang)
    if any("\x00" in value for value in labelled):  # never into the label stream: it cuts texts short downstream
        raise AkismetBadRequestError("The comment fields must not contain NUL characters.")
    if is_test(form):
        log.info("akismet.feedback_skipped", spam=spam, reason="is_test")
        return False
    metric: akismet_accounts.Metric = "missed_spam" if spam else "false_positives"
    akismet_accounts.count(client, keys=keys, key=key, site=form.blog, metric=metric)
    text = form.comment_content.strip()
    if not text:  # nothing to learn from: counted, not labelled
        log.info("akismet.feedback_skipped", spam=spam, reason="no_text")
        return False
    example = LabelledExample(
        text=text,
        labels={"spam": int(spam)},
        source="akismet",
        language=first_supported(form.blog_lang.split(",")) or "",
        author_hash=hasher.email(form.comment_author_email),
        url=form.comment_author_url.strip(),
    )
    with client.pipeline(transaction=True) as pipe:  # the label and what the site memory learns from it, at once
        add_label_and_learn(pipe, keys=keys, example=example, email=form.comment_author_email.strip())
        pipe.execute()
    log.info("akismet.feedback_stored", spam=spam)
    return True
