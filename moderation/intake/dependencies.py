"""The intake service as a dependency, for the intake and compat routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from moderation.intake.service import IntakeService


async def get_intake(request: Request) -> IntakeService:
    """The intake service."""
    return request.app.state.intake  # type: ignore[no-any-return]


IntakeDep = Annotated[IntakeService, Depends(get_intake)]
