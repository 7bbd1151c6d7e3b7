"""`/docs`: Swagger UI served from the `swagger-ui-py` package, so it renders offline (no CDN).

FastAPI's default page loads its script and style from a CDN: blank on a newsroom's closed network. This is
FastAPI's documented self-hosting recipe ("Custom Docs UI Static Assets"), with the Swagger UI 5 assets the
package ships (Apache-2.0, LICENSE beside them). Swagger UI 4 (`swagger-ui-bundle`) cannot read the OpenAPI
3.1 documents FastAPI writes.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui.utils import SWAGGER_UI_PY_ROOT

DOCS_PATH = "/docs"
ASSETS_PATH = "/docs/assets"


def install(app: FastAPI) -> None:
    """Serve Swagger UI at /docs with its assets from the installed package (the app is built with docs_url=None)."""
    app.mount(ASSETS_PATH, StaticFiles(directory=str(SWAGGER_UI_PY_ROOT / "static")), name="swagger-ui-assets")
    oauth2_redirect = f"{DOCS_PATH}/oauth2-redirect"

    @app.get(DOCS_PATH, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} – API",
            oauth2_redirect_url=f"{root}{oauth2_redirect}",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon-32x32.png",
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
