"""Akismet's REST API routes: `/1.1/comment-check`, `submit-spam`, `submit-ham`, `verify-key`, the account calls
WordPress's plugin makes (`get-subscription`, `get-stats`, `deactivate`, `verify-wpcom-key`, `test`) and `/1.2/`'s
`key-sites` and `usage-limit`."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from moderation.compat.akismet import accounts as akismet_accounts
from moderation.compat.akismet import service as akismet_service
from moderation.compat.akismet.schemas import AkismetComment, AkismetStats, AkismetSubscription, AkismetUsageLimit
from moderation.compat.errors import AkismetBadRequestError, AkismetInvalidError, AkismetUnavailableError
from moderation.compat.routing import AkismetRoute
from moderation.credentials import Keyring
from moderation.dependencies import ApiKeysDep, IntakeDep, KeysDep, RedisDep, SettingsDep
from moderation.errors import STORE_RETRY_AFTER_SECONDS
from moderation.intake.forms import BodyTooLargeError, read_body

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/1.1", tags=["Akismet API (drop-in)"], route_class=AkismetRoute)
router_v12 = APIRouter(prefix="/1.2", tags=["Akismet API (drop-in)"], route_class=AkismetRoute)

THANKS = "Thanks for making the web a better place."
_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/AkismetComment"}}},
    }
}
_UNAVAILABLE: dict[str, Any] = {
    "content": {"text/plain": {}},
    "description": "Redis unreachable: the reason as text, in `X-akismet-error` and `X-akismet-debug-help`, with"
    " `Retry-After` (never `true` or `false`)",
}
_TEXT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {}}, "description": "Akismet's plain-text answer (`invalid` for a wrong key)"},
    400: {"content": {"text/plain": {}}, "description": "A body the service cannot read (blog_charset, encoding)"},
    503: _UNAVAILABLE,
}
_JSON_OR_INVALID: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {}}, "description": "JSON for an accepted key, else the text `invalid`"},
    400: {"content": {"text/plain": {}}, "description": "A body the service cannot read, or a bad parameter"},
    503: _UNAVAILABLE,
}


async def read_call(
    request: Request, *, max_bytes: int, api_keys: Keyring, key_fields: tuple[str, ...] = ("api_key",)
) -> tuple[str, dict[str, str]]:
    """The call's key (checked first) and its fields (query string, then body), decoded in the blog's charset."""
    try:
        body = await read_body(request, max_bytes=max_bytes)
    except BodyTooLargeError:
        raise AkismetBadRequestError("The request body is too large.") from None
    raw = {**akismet_service.split_form(request.url.query.encode()), **akismet_service.split_form(body)}
    ascii_fields = {name: akismet_service.ascii_field(raw, name) for name in key_fields}
    key = akismet_service.client_key(fields=ascii_fields, host=request.headers.get("host", ""), names=key_fields)
    akismet_service.authenticate(api_keys, key)  # before anything else is read: a wrong key learns nothing
    return key, akismet_service.decode_form(raw, header_charset=_charset(request.headers.get("content-type", "")))


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


# Comments -------------------------------------------------------------------------------------------------
@router.post("/comment-check", response_class=PlainTextResponse, responses=_TEXT, openapi_extra=_FORM)
async def comment_check(
    request: Request, settings: SettingsDep, intake: IntakeDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> Response:
    """Answer `true` (spam, rejected, or held as configured) or `false`; `X-akismet-pro-tip: discard` when blatant."""
    key, fields = await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys)
    result = await run_in_threadpool(
        akismet_service.comment_check,
        form=AkismetComment.model_validate(fields),
        key=key,
        api_keys=api_keys,
        intake=intake,
        client=client,
        keys=keys,
    )
    headers = {"X-akismet-guid": result.guid, "X-Moderation-Status": result.status}
    if result.held:
        headers["X-Moderation-Held"] = result.held
    if result.discard:
        headers["X-akismet-pro-tip"] = "discard"
    return PlainTextResponse("true" if result.spam else "false", headers=headers)


async def _feedback(
    request: Request,
    *,
    spam: bool,
    settings: SettingsDep,
    intake: IntakeDep,
    client: RedisDep,
    keys: KeysDep,
    api_keys: ApiKeysDep,
) -> Response:
    key, fields = await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys)
    await run_in_threadpool(
        akismet_service.submit_feedback,
        form=AkismetComment.model_validate(fields),
        key=key,
        spam=spam,
        api_keys=api_keys,
        client=client,
        keys=keys,
        hasher=intake.hasher,
    )
    return PlainTextResponse(THANKS)


@router.post("/submit-spam", response_class=PlainTextResponse, responses=_TEXT, openapi_extra=_FORM)
async def submit_spam(
    request: Request, settings: SettingsDep, intake: IntakeDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> Response:
    """Record a spam the check missed, as a labelled example (`spam` = 1)."""
    return await _feedback(
        request, spam=True, settings=settings, intake=intake, client=client, keys=keys, api_keys=api_keys
    )


@router.post("/submit-ham", response_class=PlainTextResponse, responses=_TEXT, openapi_extra=_FORM)
async def submit_ham(
    request: Request, settings: SettingsDep, intake: IntakeDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> Response:
    """Record a false positive, as a labelled example (`spam` = 0)."""
    return await _feedback(
        request, spam=False, settings=settings, intake=intake, client=client, keys=keys, api_keys=api_keys
    )


# Keys and account -------------------------------------------------------------------------------------------
@router.post("/verify-key", response_class=PlainTextResponse, responses=_TEXT)
async def verify_key(request: Request, settings: SettingsDep, api_keys: ApiKeysDep) -> Response:
    """Answer `valid` or `invalid` for the `key` (or `api_key`, or host-name) key; `blog` is required."""
    _, fields = await read_call(
        request, max_bytes=settings.max_body_bytes, api_keys=api_keys, key_fields=("key", "api_key")
    )
    if not fields.get("blog", "").strip():
        raise AkismetInvalidError("Missing required field: blog.")
    return PlainTextResponse("valid")


@router.get("/test", response_class=PlainTextResponse, responses={200: _TEXT[200]})
async def connection_test() -> Response:
    """Answer `connected`, as WordPress's plugin expects from its connectivity check (no key needed)."""
    return PlainTextResponse("connected")


@router.post("/get-subscription", response_model=AkismetSubscription, responses=_JSON_OR_INVALID)
async def get_subscription(request: Request, settings: SettingsDep, api_keys: ApiKeysDep) -> AkismetSubscription:
    """Answer an accepted `key` as an `active` subscription (WordPress's plugin saves a key only then)."""
    await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys, key_fields=("key", "api_key"))
    return AkismetSubscription.model_validate(akismet_accounts.SUBSCRIPTION)


@router.post("/verify-wpcom-key", response_model=AkismetSubscription, responses=_JSON_OR_INVALID)
async def verify_wpcom_key(request: Request, settings: SettingsDep, api_keys: ApiKeysDep) -> AkismetSubscription:
    """Answer an accepted `api_key` as an active account; there are no WordPress.com accounts (tokens get `invalid`)."""
    await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys)
    return AkismetSubscription.model_validate(akismet_accounts.SUBSCRIPTION)


@router.post("/get-stats", response_model=AkismetStats, responses=_JSON_OR_INVALID)
async def get_stats(
    request: Request, settings: SettingsDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> AkismetStats:
    """The key's counts since `from` (`all`, `6-months`, `YYYY-MM`), as WordPress's statistics page reads them."""
    key, fields = await read_call(
        request, max_bytes=settings.max_body_bytes, api_keys=api_keys, key_fields=("key", "api_key")
    )
    stats = await run_in_threadpool(akismet_accounts.stats, client, keys=keys, key=key, since=fields.get("from", "all"))
    return AkismetStats.model_validate(stats)


@router.post("/deactivate", response_class=PlainTextResponse, responses=_TEXT)
async def deactivate(request: Request, settings: SettingsDep, api_keys: ApiKeysDep) -> Response:
    """Answer `deactivated` for an accepted key; keys are revoked in MODERATION_API_KEYS, not by their users."""
    await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys, key_fields=("key", "api_key"))
    log.info("akismet.deactivate_ignored")
    return PlainTextResponse("deactivated")


@router_v12.get("/usage-limit", response_model=AkismetUsageLimit, responses=_JSON_OR_INVALID,
                operation_id="akismet_usage_limit_get")  # fmt: skip
@router_v12.post("/usage-limit", response_model=AkismetUsageLimit, responses=_JSON_OR_INVALID,
                 operation_id="akismet_usage_limit_post")  # fmt: skip
async def usage_limit(
    request: Request, settings: SettingsDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> AkismetUsageLimit:
    """This month's calls for the key; there is no limit (`"none"`) and no throttling."""
    key, _ = await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys)
    usage = await run_in_threadpool(akismet_accounts.usage_limit, client, keys=keys, key=key)
    return AkismetUsageLimit.model_validate(usage)


@router_v12.get("/key-sites", response_class=JSONResponse, responses=_JSON_OR_INVALID,
                operation_id="akismet_key_sites_get")  # fmt: skip
@router_v12.post("/key-sites", response_class=JSONResponse, responses=_JSON_OR_INVALID,
                 operation_id="akismet_key_sites_post")  # fmt: skip
async def key_sites(
    request: Request, settings: SettingsDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> Response:
    """The month's calls by site, `{"YYYY-MM": [...], limit, offset, total}`, or CSV with `format=csv`."""
    key, fields = await read_call(request, max_bytes=settings.max_body_bytes, api_keys=api_keys)
    answer = await run_in_threadpool(akismet_accounts.key_sites, client, keys=keys, key=key, fields=fields)
    if isinstance(answer, str):
        return PlainTextResponse(answer, media_type="text/csv")
    return JSONResponse(answer)


# Errors ------------------------------------------------------------------------------------------------------
def invalid_handler(request: Request, exc: Exception) -> Response:
    """Answer an AkismetInvalidError as Akismet does: 200, `invalid`, and the reason in a header."""
    assert isinstance(exc, AkismetInvalidError)
    log.info("akismet.refused", reason=exc.debug_help)
    return PlainTextResponse("invalid", headers={"X-akismet-debug-help": exc.debug_help})


def bad_request_handler(request: Request, exc: Exception) -> Response:
    """Answer an AkismetBadRequestError with 400 and the reason, in the body and Akismet's debug header."""
    assert isinstance(exc, AkismetBadRequestError)
    log.info("akismet.bad_request", reason=exc.debug_help)
    return PlainTextResponse(exc.debug_help, status_code=400, headers={"X-akismet-debug-help": exc.debug_help})


def unavailable_handler(request: Request, exc: Exception) -> Response:
    """Answer an AkismetUnavailableError with 503 and `X-akismet-error`: WordPress's plugin then holds the comment
    for moderation and checks it again later, and other clients see an error, never a verdict."""
    assert isinstance(exc, AkismetUnavailableError)
    headers = {
        "X-akismet-error": "unavailable",
        "X-akismet-debug-help": exc.debug_help,
        "Retry-After": str(STORE_RETRY_AFTER_SECONDS),
    }
    return PlainTextResponse(exc.debug_help, status_code=503, headers=headers)
