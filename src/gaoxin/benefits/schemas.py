"""The shapes of 政策兑现's JSON fields."""

from __future__ import annotations

from gaoxin.core.schemas import Shape


class Undetermined(Shape):
    """An enterprise a 免申即享 run found qualified whose amount the data could not determine."""

    credit_code: str
    name: str | None = None
