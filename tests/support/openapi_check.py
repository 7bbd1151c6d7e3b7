"""Check every JSON answer a TestClient receives against the OpenAPI schema of its route and status code.

Installed for the whole suite by `tests/conftest.py`: the OpenAPI document is the API's contract, so an
answer it does not describe (an undeclared status, a field of the wrong type, a missing required field)
fails the test that produced it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from jsonschema import Draft202012Validator


@dataclass
class OpenApiChecker:
    """Validate answers of FastAPI apps; `problems` collects every mismatch found."""

    problems: list[str] = field(default_factory=list)
    _documents: dict[int, dict[str, Any]] = field(default_factory=dict)

    def check(self, app: Any, response: httpx.Response) -> None:
        """Record a problem when a JSON answer does not match its route's declared schema."""
        if not isinstance(app, FastAPI) or not _is_json(response):
            return
        request = response.request
        document = self._documents.setdefault(id(app), app.openapi())
        template = _route_template(document.get("paths", {}), request.method, request.url.path)
        if template is None:
            return  # not in the schema: the router's own 404/405, or a route left out on purpose
        operation = document["paths"][template][request.method.lower()]
        where = f"{request.method} {template} -> {response.status_code}"
        declared = operation.get("responses", {})
        answer = declared.get(str(response.status_code)) or declared.get("default")
        if answer is None:
            self.problems.append(f"{where}: status not declared in the OpenAPI (declared: {sorted(declared)})")
            return
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            self.problems.append(f"{where}: answered JSON, but the OpenAPI declares no JSON body")
            return
        validator = Draft202012Validator({**schema, "components": document.get("components", {})})
        body = json.loads(response.content)
        for error in validator.iter_errors(body):
            path = "/".join(str(p) for p in error.absolute_path) or "(body)"
            self.problems.append(f"{where}: {path}: {error.message}")


def _is_json(response: httpx.Response) -> bool:
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    return media_type == "application/json" and bool(response.content)


def _route_template(paths: dict[str, Any], method: str, path: str) -> str | None:
    """The OpenAPI path template serving this request; literal segments win over parameters, as routed."""
    candidates = [
        template
        for template, operations in paths.items()
        if method.lower() in operations and _template_pattern(template).fullmatch(path)
    ]
    return min(candidates, key=lambda template: template.count("{"), default=None)


@functools.cache
def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]*\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))
