"""The Google API discovery document of `commentanalyzer v1alpha1`, built from this service's own schemas.

Google's discovery-based clients (`google-api-python-client`'s `build(..., discoveryServiceUrl=...)`, the
Node and Go generated clients) read it to learn the methods, their paths and the request and response
shapes. Its `rootUrl` is the URL the document was fetched from, so the client calls this service back.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from moderation import __version__
from moderation.compat.perspective.schemas import (
    AnalyzeCommentRequest,
    AnalyzeCommentResponse,
    SuggestCommentScoreRequest,
    SuggestCommentScoreResponse,
)

API_NAME = "commentanalyzer"
API_VERSION = "v1alpha1"

#: Discovery method name -> (path under the root, request model, response model, description).
METHODS: dict[str, tuple[str, type[BaseModel], type[BaseModel], str]] = {
    "analyze": (
        f"{API_VERSION}/comments:analyze",
        AnalyzeCommentRequest,
        AnalyzeCommentResponse,
        "Score a comment on the requested attributes (never stored).",
    ),
    "suggestscore": (
        f"{API_VERSION}/comments:suggestscore",
        SuggestCommentScoreRequest,
        SuggestCommentScoreResponse,
        "Suggest a comment's right scores: kept as a training label, the latest per clientToken.",
    ),
}
#: The request paths this API answers (others under /v1alpha1 are 404, other methods 405).
PATHS = frozenset(f"/{path}" for path, *_ in METHODS.values())


def _discovery_schema(node: dict[str, Any]) -> dict[str, Any]:
    """One JSON Schema node (as pydantic writes it) in the discovery dialect: bare `$ref`s, no null unions."""
    described = {"description": node["description"]} if "description" in node else {}
    if "$ref" in node:
        return {"$ref": node["$ref"].rsplit("/", 1)[-1], **described}
    if "anyOf" in node:
        choices = [choice for choice in node["anyOf"] if choice.get("type") != "null"]
        return {**_discovery_schema(choices[0]), **described}
    kind = node.get("type", "any")
    out: dict[str, Any] = {"type": kind, **described}
    if kind == "object":
        if "properties" in node:
            out["properties"] = {name: _discovery_schema(sub) for name, sub in node["properties"].items()}
        if isinstance(node.get("additionalProperties"), dict):
            out["additionalProperties"] = _discovery_schema(node["additionalProperties"])
    elif kind == "array":
        out["items"] = _discovery_schema(node.get("items", {}))
    elif kind == "number":
        out["format"] = "double"
    elif kind == "integer":
        out["format"] = "int32"
    return out


@functools.cache  # the models never change: build their JSON Schema once, on the first fetch
def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for _, request, response, _ in METHODS.values():
        for model in (request, response):
            schema = model.model_json_schema(by_alias=True)
            for name, definition in {**schema.pop("$defs", {}), model.__name__: schema}.items():
                schemas[name] = {"id": name, **_discovery_schema(definition)}
    return schemas


def document(*, root_url: str) -> dict[str, Any]:
    """The discovery document, with every method rooted at `root_url` (ending in "/")."""
    methods = {
        name: {
            "id": f"{API_NAME}.comments.{name}",
            "path": path,
            "flatPath": path,
            "httpMethod": "POST",
            "description": description,
            "parameters": {},
            "parameterOrder": [],
            "request": {"$ref": request.__name__},
            "response": {"$ref": response.__name__},
        }
        for name, (path, request, response, description) in METHODS.items()
    }
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": f"{API_NAME}:{API_VERSION}",
        "name": API_NAME,
        "version": API_VERSION,
        "revision": __version__,
        "title": "Perspective Comment Analyzer API (moderation drop-in)",
        "description": "Google's Perspective API answered by the self-hosted moderation service's own model.",
        "protocol": "rest",
        "rootUrl": root_url,
        "servicePath": "",
        "basePath": "",
        "baseUrl": root_url,
        "parameters": {
            "key": {"type": "string", "location": "query", "description": "A key from MODERATION_API_KEYS."},
            "alt": {"type": "string", "location": "query", "default": "json", "enum": ["json"]},
        },
        "resources": {"comments": {"methods": methods}},
        "schemas": _schemas(),
    }
