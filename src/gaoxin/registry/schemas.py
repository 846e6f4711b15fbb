"""The shapes of the registry's JSON fields: an audit entry's changes and an import's problems."""

from __future__ import annotations

from typing import Any

from gaoxin.core.schemas import Shape

Changes = dict[str, tuple[str, str]]  # field → [old, new], as display strings


class ImportProblem(Shape):
    """One problem of a refused import: the row (None for the whole file), the column, the value, why."""

    row: int | None
    column: str
    value: Any = None
    reason: str
