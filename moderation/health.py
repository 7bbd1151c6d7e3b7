"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

import redis
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from moderation.dependencies import RedisDep, RegistryDep
from moderation.observability import MODEL_INFO

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(client: RedisDep, registry: RegistryDep) -> JSONResponse:
    """Redis answers and the model named in `model/CURRENT` is loaded."""
    try:
        redis_ok = bool(await run_in_threadpool(client.ping))
    except (redis.ConnectionError, redis.TimeoutError):
        redis_ok = False
    body = {
        "redis": "ok" if redis_ok else "unreachable",
        "model": registry.current.version,
        "model_error": registry.load_error,
    }
    ready = redis_ok and registry.ready
    headers = {} if ready else {"Retry-After": "5"}
    return JSONResponse({"status": "ready" if ready else "not ready", **body}, 200 if ready else 503, headers)


@router.get("/metrics", include_in_schema=False)
async def metrics(registry: RegistryDep) -> Response:
    """Prometheus metrics in the text exposition format."""
    MODEL_INFO.clear()
    MODEL_INFO.labels(registry.current.version).set(1)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
