"""The shapes of the registry's JSON fields: an audit entry's changes and an import's problems."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from gaoxin.core.schemas import Shape

Changes = dict[str, tuple[str, str]]  # field → [old, new], as display strings


class ImportProblem(Shape):
    """One problem of a refused import: the row (None for the whole file), the column, the value, why."""

    row: int | None
    column: str
    value: Any = None
    reason: str


class ListCandidate(Shape):
    """A registry enterprise a listed name may be, with rapidfuzz's score (100 for a normalised name)."""

    credit_code: str
    name: str
    score: float


class ListEntry(Shape):
    """One enterprise of a 名单 as given, and what the matcher made of it."""

    row: int
    name: str
    credit_code_given: str | None = None
    certificate_no: str | None = None
    status: Literal["matched", "uncertain", "unknown"]
    how: Literal["code", "exact", "normalised", "fuzzy"] | None = None
    score: float = 0.0
    enterprise: dict[str, str] | None = None  # {credit_code, name}: the match, or the best candidate
    candidates: list[ListCandidate] = []
    reason: str = ""

    def as_report(self) -> dict:
        """The entry as `gaoxin import-list --format json` prints it."""
        return {"row": self.row, "name": self.name, "enterprise": self.enterprise, "how": self.how,
                "score": self.score, "credit_code_given": self.credit_code_given,
                "certificate_no": self.certificate_no, "reason": self.reason,
                "candidates": [c.model_dump() for c in self.candidates]}


class ListPreview(Shape):
    """A 名单 read and matched, kept while staff decide: what it is of, and every entry."""

    title: str
    level: str
    recognized_on: dt.date
    valid_until: dt.date | None = None
    batch: str = ""
    entries: list[ListEntry] = []
    ignored_columns: list[str] = []
    notes: list[str] = []



class SourceRef(Shape):
    """One source that reported figures of a record (`contract.lineage`): its kind, the batch or filing it came
    in, a short reference to show and the as-of date."""

    kind: str
    ref: str = ""
    batch: int | None = None
    filing: int | None = None
    as_of: dt.date


class Lineage(Shape):
    """Where a record's figures came from, compactly: the sources once, and per figure the (source, value)
    reports, the chosen one first. `default` is the source of every figure without its own entry (a record an
    import created whole); a record written before lineage was kept has neither."""

    sources: list[SourceRef] = []
    default: int | None = None
    fields: dict[str, list[tuple[int, Any]]] = {}


class Report(SourceRef):
    """What one source said of one figure, as readers get it."""

    value: Any = None
