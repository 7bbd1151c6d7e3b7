"""Admin routes of the site's learning layer: its status, the kill switch and the rollback."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, FastAPI

from moderation.dependencies import ADMIN_RESPONSES, AdminDep, SiteLearningDep
from moderation.review.admin_schemas import SiteLearningIn, SiteLearningOut
from moderation.schemas import ErrorsOut

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/v1/review/site-learning", tags=["review"])


@router.get("", response_model=SiteLearningOut, responses=ADMIN_RESPONSES)
def site_learning_status(admin: AdminDep, site_learning: SiteLearningDep) -> dict[str, Any]:
    """What the site's layer learned, which version is served, and its gain over the global model per head."""
    return site_learning.status()


@router.put("", response_model=SiteLearningOut, responses=ADMIN_RESPONSES)
def switch_site_learning(body: SiteLearningIn, admin: AdminDep, site_learning: SiteLearningDep) -> dict[str, Any]:
    """Turn the layer off (every worker scores with the global model alone within seconds) or back on."""
    status = site_learning.set_enabled(body.enabled)
    log.info("site_layer.switched_by_admin", enabled=body.enabled, admin=admin.name)
    return status


@router.post(
    "/rollback",
    response_model=SiteLearningOut,
    responses={**ADMIN_RESPONSES, 409: {"model": ErrorsOut, "description": "No earlier version to go back to"}},
)
def rollback_site_learning(admin: AdminDep, site_learning: SiteLearningDep) -> dict[str, Any]:
    """Serve the version before the current one (it stays until new labels bring a refit)."""
    status = site_learning.rollback()
    log.info("site_layer.rolled_back", version=status["version"], admin=admin.name)
    return status


def install(app: FastAPI) -> None:
    """Mount the routes (their errors are mapped with the review package's)."""
    app.include_router(router)
