"""Document in the OpenAPI the answers every route can give through the app-wide handlers.

Routes list their own refusals; these come from below them, on any route: a body that is not readable
JSON (400, FastAPI's parser), invalid fields (422 in the service's error shape, `RequestValidationError`'s
handler), Redis out of reach (503 with Retry-After, `StoreUnavailableError`'s handler) and, on the credentialed
routes, a body past `max_review_body_bytes` (413, `moderation/bodies.py`).
The schema fuzzing test checks that no route gives a status its OpenAPI does not list.
"""

from __future__ import annotations

from typing import Any

from moderation.bodies import METHODS_WITH_BODIES, credentialed_body_route
from moderation.schemas import ErrorsOut, FieldErrorOut

#: Routes that never touch Redis: health (answers itself), and the static discovery document.
_NO_STORE = ("/healthz", "/$discovery/rest", "/discovery/")
_ERRORS_REF = {"$ref": "#/components/schemas/ErrorsOut"}


def common_answers(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the app-wide answers to every operation of `schema` (idempotent: `setdefault` on FastAPI's cached one)."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if method.upper() in METHODS_WITH_BODIES and credentialed_body_route(path):
                responses.setdefault(
                    "413",
                    {
                        "description": "Body larger than MODERATION_MAX_REVIEW_BODY_BYTES",
                        "content": {"application/json": {"schema": _ERRORS_REF}},
                    },
                )
            invalid = responses.get("422", {}).get("content", {}).get("application/json", {})
            if invalid.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                # RequestValidationError's handler answers in the service's error shape, not FastAPI's.
                responses["422"] = {
                    "description": "Invalid fields, one entry per field, localised",
                    "content": {"application/json": {"schema": _ERRORS_REF}},
                }
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                responses.setdefault(
                    "400", {"description": "The body is not readable JSON (not UTF-8, or not JSON at all)"}
                )
            if not path.startswith(_NO_STORE):
                responses.setdefault(
                    "503",
                    {
                        "description": "Storage unavailable (see Retry-After)",
                        "content": {"application/json": {"schema": _ERRORS_REF}},
                    },
                )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorsOut, FieldErrorOut):
        components.setdefault(model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}"))
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema
