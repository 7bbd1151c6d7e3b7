"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Literal

import redis
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

from moderation.dependencies import RedisDep, RegistryDep
from moderation.observability import MODEL_INFO

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


class ReadyOut(BaseModel):
    """Whether the service can take comments: Redis answers and the model is loaded."""

    status: Literal["ready", "not ready"]
    redis: Literal["ok", "unreachable"]
    model: str
    model_error: str | None


@router.get("/readyz", response_model=ReadyOut, responses={503: {"model": ReadyOut, "description": "Not ready"}})
async def readyz(client: RedisDep, registry: RegistryDep, response: Response) -> ReadyOut:
    """Redis answers and the model named in `model/CURRENT` is loaded."""
    try:
        redis_ok = bool(await run_in_threadpool(client.ping))
    except (redis.ConnectionError, redis.TimeoutError):
        redis_ok = False
    ready = redis_ok and registry.ready
    if not ready:
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return ReadyOut(
        status="ready" if ready else "not ready",
        redis="ok" if redis_ok else "unreachable",
        model=registry.current.version,
        model_error=registry.load_error,
    )


@router.get("/metrics", include_in_schema=False)
async def metrics(registry: RegistryDep) -> Response:
    """Prometheus metrics in the text exposition format."""
    MODEL_INFO.clear()
    MODEL_INFO.labels(registry.current.version).set(1)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
