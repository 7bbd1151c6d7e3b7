"""HTTP routes of the intake: parse, call the service, map the outcome (JSON, or a redirect for forms)."""

from __future__ import annotations

import functools
import secrets
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pydantic_core
from fastapi import APIRouter, Body, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from moderation.config import Settings
from moderation.credentials import sha256_hex
from moderation.dependencies import IntakeDep, LangDep, SiteKeysDep, services_of
from moderation.errors import CommentNotFoundError
from moderation.feedback.auth import presented_key, verify_site_key
from moderation.i18n import Lang, text
from moderation.intake.accepted import Accepted, public_view
from moderation.intake.errors import FieldError, SubmissionInvalidError
from moderation.intake.forms import JSON as JSON_MEDIA_TYPE
from moderation.intake.forms import read_fields, wants_html
from moderation.intake.repeats import IdempotencyKey
from moderation.intake.schemas import CommentIn, CommentOut, ForgetIn
from moderation.intake.service import IntakeService
from moderation.observability import COMMENTS
from moderation.schemas import ErrorsOut, request_lang

router = APIRouter(prefix="/v1", tags=["comments"])

# The route parses JSON and forms by hand (one body, two encodings), so FastAPI does not see the model:
# its schema is inlined in the documented request body.
_BODY_SCHEMA = CommentIn.model_json_schema()
#: `Idempotency-Key` (the IETF draft's header), and the longest one taken.
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX_LENGTH = 255


@router.post(
    "/comments",
    status_code=201,
    response_model=CommentOut,
    response_model_exclude_unset=True,  # the stored answer as it is: a reason without a head has no `head`
    summary='Submit a reader\'s comment (WordPress "Leave a reply" fields)',
    responses={
        303: {"description": "HTML form clients: redirect to `redirect_to` or the permalink with the outcome"},
        400: {"model": ErrorsOut, "description": "Unreadable body"},
        409: {"model": ErrorsOut, "description": "Duplicate comment"},
        413: {"model": ErrorsOut, "description": "Body too large"},
        415: {"model": ErrorsOut, "description": "Neither JSON nor a URL-encoded form"},
        422: {
            "model": ErrorsOut,
            "description": "Refused fields (one entry each, localised), or an Idempotency-Key reused for other fields",
        },
        429: {"model": ErrorsOut, "description": "Posting too quickly (see Retry-After)"},
    },
    openapi_extra={
        # read by hand (see the function): documented as FastAPI documented it as a parameter
        "parameters": [
            {
                "name": IDEMPOTENCY_KEY_HEADER,
                "in": "header",
                "required": False,
                "schema": {
                    "anyOf": [{"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH}, {"type": "null"}],
                    "title": IDEMPOTENCY_KEY_HEADER,
                },
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _BODY_SCHEMA},
                "application/x-www-form-urlencoded": {"schema": _BODY_SCHEMA},
            },
        },
    },
)
async def submit_comment(request: Request) -> Response:
    """Check, score, decide and store a comment; answer with its status."""
    # The route takes the request alone and answers bytes it encoded: FastAPI solves every parameter anew per
    # request (a header, the response's headers: their own passes, a sub-response and a cache key) and
    # validates a returned dict against `CommentOut` before encoding it again, which cost more than the reads
    # themselves (docs/performance.md, "The intake's CPU"). The decorator still documents both.
    idempotency_key = request.headers.get("idempotency-key")
    if idempotency_key is not None and len(idempotency_key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        # refused before the body is read, with the answer FastAPI's own header validation gave
        raise SubmissionInvalidError([FieldError(IDEMPOTENCY_KEY_HEADER, "field_invalid")])
    services = services_of(request.app)
    intake, settings, lang = services.intake, services.settings, request_lang(request)
    fields = await read_fields(request, max_bytes=settings.max_body_bytes)
    form = parse_comment(fields)
    html = wants_html(request)
    site = presented_site_key(request)
    if site is None:
        # Only a site holding a key may vouch for a reader's address (the flood check and IP bans key on it):
        # anyone else is the reader, and its address is the connection's, as REMOTE_ADDR is for WordPress. Nor for
        # the article: a permalink off the site's hosts is what the poster typed, and moderators open it as "the
        # article" from the review page; it is not kept.
        permalink = form.permalink if on_site_host(form.permalink, settings) else ""
        form = form.model_copy(update={"user_ip": connection_address(request), "permalink": permalink})
    idempotency = None
    if idempotency_key:
        idempotency = IdempotencyKey(idempotency_key, client=requesting_client(request, intake))
    # A site sending again what a reader posted once (after an outage, or an edit) is not a reader flooding;
    # the marker counts only with a valid site key, so a reader cannot use it to dodge the flood check.
    resend = request.headers.get(RESEND_HEADER, "").strip() == "1" and site is not None
    accepted: Accepted = await intake.submit(
        form, lang=lang, idempotency=idempotency, resend=resend, from_site=site is not None
    )
    if not accepted.replayed:
        COMMENTS.labels(accepted.body["status"]).inc()
    if html:
        target = redirect_target(form, settings)
        if target:
            return RedirectResponse(with_outcome(target, accepted.body), status_code=303)
        return outcome_page(request, lang=lang, body=accepted.body, status_code=201)
    response = Response(comment_json(accepted), status_code=201, media_type=JSON_MEDIA_TYPE)
    response.headers.raw.append((b"location", f"/v1/comments/{accepted.comment_id}".encode("latin-1")))
    if accepted.replayed:
        response.headers.raw.append((b"idempotent-replayed", b"true"))
    return response


def comment_json(accepted: Accepted) -> bytes:
    """The answer's JSON, byte for byte what FastAPI made of it through `response_model=CommentOut`.

    A fresh answer is `public_view`'s dict, whose fields and values already have CommentOut's types and order:
    pydantic's encoder writes it as it is (`test_intake_answer_bytes.py` compares both). A replayed one is
    whatever an `Idempotency-Key` remembered, possibly from an older release: validated against the model first.
    """
    if accepted.replayed:
        return _COMMENT_OUT.dump_json(_COMMENT_OUT.validate_python(accepted.body), exclude_unset=True)
    return pydantic_core.to_json(accepted.body)


_COMMENT_OUT = TypeAdapter(CommentOut)


#: Sent by the site's backend (with its site key) when it sends a comment again: no flood check for it.
RESEND_HEADER = "X-Moderation-Resend"


def site_credentialed(request: Request) -> bool:
    """Whether the request presents one of the service's site keys (`Authorization: Bearer` or `X-Site-Key`)."""
    return presented_site_key(request) is not None


def presented_site_key(request: Request) -> str | None:
    """The site key the request presents (`Authorization: Bearer` or `X-Site-Key`), if it is a valid one."""
    keyring = services_of(request.app).site_keys
    presented = presented_key(
        authorization=request.headers.get("authorization"), site_key_header=request.headers.get("x-site-key")
    )
    return presented if presented and keyring.accepts(presented) else None


def connection_address(request: Request) -> str:
    """The connecting client's address.

    Behind a reverse proxy the address is the proxy's unless uvicorn trusts its `X-Forwarded-For`
    (`FORWARDED_ALLOW_IPS`, see docs/operations.md); the site's backend should send its site key.
    """
    return request.client.host if request.client else ""


def requesting_client(request: Request, intake: IntakeService) -> str:
    """Who sent the request, for scoping its `Idempotency-Key`: a valid site key, else the connecting address."""
    site = presented_site_key(request)
    if site is not None:
        return f"site:{sha256_hex(site)}"
    return f"ip:{intake.hasher.ip(connection_address(request))}"


@router.get(
    "/comments/{comment_id}",
    response_model=CommentOut,
    response_model_exclude_unset=True,  # the same JSON as the POST's answer
    responses={404: {"model": ErrorsOut}},
    summary="A comment's current status; its scores and reasons only with a site key",
)
def get_comment(comment_id: str, intake: IntakeDep, lang: LangDep, request: Request) -> dict[str, Any]:
    """Return a comment's current status, so the site can poll a held comment's outcome.

    Anyone with the id (a form's redirect carries it) gets the status; the scores, reasons and model version
    only a caller with a site key (the site's backend).
    """
    return public_view(intake.get(comment_id), lang=lang, credentialed=site_credentialed(request))


@router.delete(
    "/comments/{comment_id}",
    status_code=204,
    summary="Forget a comment the site deleted for good (site key): record and review-queue entry removed",
    responses={
        401: {"model": ErrorsOut, "description": "Missing or wrong site key"},
        404: {"model": ErrorsOut, "description": "Unknown, expired or already forgotten"},
    },
)
def delete_comment(
    comment_id: str,
    intake: IntakeDep,
    site_keys: SiteKeysDep,
    request: Request,
    body: Annotated[ForgetIn | None, Body()] = None,
) -> Response:
    """Delete the comment's record and take it out of the review queue; its past labels stay.

    The optional JSON body `{"email": ...}` (the author's address, which the service keeps only as a hash) also
    clears the duplicate check, so the same text may be posted again.
    """
    headers = request.headers
    verify_site_key(
        site_keys, presented_key(authorization=headers.get("authorization"), site_key_header=headers.get("x-site-key"))
    )
    if not intake.forget(comment_id, email=body.email if body else ""):
        raise CommentNotFoundError(comment_id)
    return Response(status_code=204)


def parse_comment(fields: dict[str, Any]) -> CommentIn:
    """Validate the shape of the fields; a wrongly typed field is refused like a bad value."""
    try:
        return CommentIn.model_validate(fields)
    except ValidationError as exc:
        errors = [FieldError(str(err["loc"][0]) if err["loc"] else None, "field_invalid") for err in exc.errors()]
        raise SubmissionInvalidError(errors) from exc


def redirect_target(form: CommentIn, settings: Settings) -> str | None:
    """`redirect_to`, else the permalink, if it is an http(s) URL on a host of `MODERATION_ALLOWED_REDIRECT_HOSTS`.

    Like WordPress's `wp_safe_redirect`, never an open redirect. The request's own `Host` is never trusted (a
    client sets it at will): with no hosts configured (development only; production requires them), no
    redirect at all, the browser gets the outcome page.
    """
    for candidate in (form.redirect_to, form.permalink):
        if on_site_host(candidate, settings):
            return candidate
    return None


def on_site_host(url: str, settings: Settings) -> bool:
    """Whether `url` is an http(s) URL on one of `MODERATION_ALLOWED_REDIRECT_HOSTS` (exactly: not a subdomain)."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return False
    allowed = _redirect_hosts(tuple(settings.allowed_redirect_hosts))
    return parts.scheme in ("http", "https") and bool(hostname) and str(hostname).lower() in allowed


@functools.lru_cache(maxsize=8)
def _redirect_hosts(hosts: tuple[str, ...]) -> frozenset[str]:
    """The configured hosts, normalised once per configuration, not per request."""
    return frozenset(h.strip().lower() for h in hosts if h.strip())


def with_outcome(target: str, body: dict[str, Any]) -> str:
    """Add the outcome to the target URL, as WordPress adds `unapproved=` and `#comment-ID`."""
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in _OUTCOME_PARAMS]
    query += [("moderation_status", body["status"]), ("comment_id", body["id"])]
    fragment = f"comment-{body['id']}" if body["status"] in ("approved", "pending") else "respond"
    return urlunsplit(parts._replace(query=urlencode(query), fragment=fragment))


_OUTCOME_PARAMS = {"moderation_status", "comment_id", "moderation_errors"}


def outcome_page(
    request: Request,
    *,
    lang: Lang,
    status_code: int,
    body: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A minimal page for a browser that posted the form, like WordPress's own error page.

    It tells the outcome and the refused fields, never the scores or the model's reasons: a reader whose
    comment was rejected would learn which words to change to slip past.
    """
    templates = services_of(request.app).templates
    status = "error" if errors else str((body or {}).get("status", "error"))
    title = text(lang, "outcome", f"title_{status}") or text(lang, "outcome", "title_error")
    nonce = secrets.token_urlsafe(16)
    return templates.TemplateResponse(
        request,
        "outcome.html",
        {"lang": lang, "title": title, "errors": errors or [], "back": text(lang, "outcome", "back"), "nonce": nonce},
        status_code=status_code,
        headers={**(headers or {}), **outcome_security_headers(nonce)},
    )


def outcome_security_headers(nonce: str) -> dict[str, str]:
    """The outcome page's headers: only its own nonce'd style and script run; it is never framed or cached."""
    policy = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src 'none'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


echo_router = APIRouter(prefix="/v1", include_in_schema=False)


@echo_router.post("/_echo")
async def echo(request: Request) -> Response:
    """Return the body as sent: the benchmark's bare route (mounted only with MODERATION_BENCH_ECHO)."""
    return Response(await request.body(), media_type=request.headers.get("content-type", JSON_MEDIA_TYPE))
