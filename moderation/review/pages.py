"""The moderators' page `/moderate`: a server-rendered shell (Jinja2) and a small script, under a strict CSP."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from moderation.dependencies import LangDep
from moderation.i18n import LANGS, Lang
from moderation.review.service import REJECT_REASONS
from moderation.review.texts import page_texts

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
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

router = APIRouter(include_in_schema=False)


@router.get("/moderate", response_class=HTMLResponse)
def moderate_page(
    request: Request, negotiated: LangDep, lang: Annotated[str | None, Query(pattern="^(fr|en)$")] = None
) -> Response:
    """The moderators' workspace; it holds no data until the script signs in with a token."""
    chosen: Lang = lang if lang in LANGS else negotiated
    texts = page_texts(chosen)
    other: Lang = "en" if chosen == "fr" else "fr"
    reasons = [r for r in REJECT_REASONS if r != "spam"]
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "moderate.html",
        {
            "lang": chosen,
            "other_lang": other,
            "t": texts,
            "texts_json": json.dumps(texts, ensure_ascii=False),
            "reasons": reasons,
            "static": STATIC_PATH,
        },
    )


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Add the page's CSP and anti-framing headers to everything under /moderate."""
    response = await call_next(request)
    if request.url.path == "/moderate" or request.url.path.startswith("/moderate/"):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def install(app: FastAPI) -> None:
    """Mount the page, its static files and its security headers."""
    app.include_router(router)
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="moderate-static")
    app.middleware("http")(security_headers)
