"""The moderators' page `/moderate`: a server-rendered shell (Jinja2) and a small script, under a strict CSP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from moderation.dependencies import LangDep, TemplatesDep
from moderation.i18n import LANGS, Lang
from moderation.review.schemas import REJECT_REASONS
from moderation.review.texts import page_texts

STATIC_DIR = Path(__file__).parents[1] / "review" / "static"
STATIC_PATH = "/moderate/static"

#: No inline script or style, nothing from elsewhere, never framed, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

#: The reason filter's choices: rule and model reason codes, then model heads (see queue.reason_tokens).
_FILTER_CODES = (
    "model_hold",
    "moderation_word",
    "too_many_links",
    "campaign",
    "unseen_link",
    "unseen_phone",
    "unseen_website",
    "commercial_website",
)
_FILTER_HEADS = ("spam", "toxicity", "insult", "threat", "identity_attack")

router = APIRouter(include_in_schema=False)


@router.get("/moderate", response_class=HTMLResponse)
def moderate_page(
    request: Request,
    negotiated: LangDep,
    templates: TemplatesDep,
    lang: Annotated[str | None, Query(pattern="^(fr|en)$")] = None,
) -> Response:
    """The moderators' workspace; it holds no data until the script signs in with a token."""
    chosen: Lang = lang if lang in LANGS else negotiated
    texts = page_texts(chosen)
    other: Lang = "en" if chosen == "fr" else "fr"
    reasons = [r for r in REJECT_REASONS if r != "spam"]
    code_labels = {code: f"code_{code}" for code in _FILTER_CODES} | {head: f"head_{head}" for head in _FILTER_HEADS}
    return templates.TemplateResponse(
        request,
        "moderate.html",
        {
            "lang": chosen,
            "other_lang": other,
            "t": texts,
            "texts_json": json.dumps(texts, ensure_ascii=False),
            "reasons": reasons,
            "filter_reasons": [*_FILTER_CODES, *_FILTER_HEADS],
            "code_labels": code_labels,
            "static": STATIC_PATH,
        },
    )


class SecurityHeaders:
    """ASGI middleware: add the page's CSP and anti-framing headers to everything under /moderate.

    A plain ASGI class: Starlette's `@app.middleware("http")` would run every request of the service (the
    comment form's included) through a slower wrapper for headers only the page needs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == "/moderate" or path.startswith("/moderate/")):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    """Mount the page, its static files and its security headers."""
    app.include_router(router)
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="moderate-static")
    app.add_middleware(SecurityHeaders)
