"""The identities and bounds between the contract's fields (`derivations.yaml`), read once and checked on load.

Two readers share them: the import's cross-field checks (a part larger than its whole, a balance sheet that does
not balance) and the engine, which uses them to bound a figure that was left blank (`engine/bounds.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from gaoxin.contract.fields import BY_CODE

PATH = Path(__file__).resolve().parent / "derivations.yaml"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    formula: str  # the identity in words, as explanations show it
    source: str  # why it holds: the standard, the article or the contract's definition

    def fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    @model_validator(mode="after")
    def _known_fields(self):
        for code in self.fields():
            if code not in BY_CODE:
                raise ValueError(f"{self.id}: “{code}” is not a field of the data contract")
        return self


class Sum(_Rule):
    """`whole` = Σ `parts`, exactly, or with further non-negative parts not listed (`rest`)."""

    kind: Literal["sum"]
    whole: str
    parts: tuple[str, ...]
    rest: bool = False

    def fields(self) -> tuple[str, ...]:
        return (self.whole, *self.parts)

    @model_validator(mode="after")
    def _same_level(self) -> Sum:
        if any(BY_CODE[c].level != "year" for c in self.fields()):
            raise ValueError(f"{self.id}: a sum relates figures of one fiscal year")
        return self


class Cumulative(_Rule):
    """`total` (a running total at year end) against the yearly `flow` that adds to it."""

    kind: Literal["cumulative"]
    total: str
    flow: str

    def fields(self) -> tuple[str, ...]:
        return (self.total, self.flow)


class NotBefore(_Rule):
    """A year-valued enterprise field that cannot precede the year of a date field (细分市场 after founding)."""

    kind: Literal["not_before"]
    field: str
    after: str

    def fields(self) -> tuple[str, ...]:
        return (self.field, self.after)


Rule = Annotated[Sum | Cumulative | NotBefore, Field(discriminator="kind")]


class Derivations(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    effective_from: dt.date
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _unique(self) -> Derivations:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("rule ids must be unique")
        return self

    def sums(self) -> tuple[Sum, ...]:
        return tuple(r for r in self.rules if isinstance(r, Sum))

    def of_kind(self, kind: type) -> tuple:
        return tuple(r for r in self.rules if isinstance(r, kind))

    def part_of(self) -> dict[tuple[str, str], tuple[Sum, ...]]:
        """Every (part, whole) pair in which the part can never exceed the whole, the transitive ones included
        (研发人员 ≤ 科技人员 ≤ 职工总数), with the chain of rules that says so."""
        pairs: dict[tuple[str, str], tuple[Sum, ...]] = {
            (part, rule.whole): (rule,) for rule in self.sums() if rule.rest for part in rule.parts}
        grown = True
        while grown:
            grown = False
            for (a, b), first in list(pairs.items()):
                for (c, d), second in list(pairs.items()):
                    if b == c and (a, d) not in pairs:
                        pairs[(a, d)], grown = first + second, True
        return pairs


@cache
def derivations(path: Path = PATH) -> Derivations:
    return Derivations.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def digest(path: Path = PATH) -> str:
    """The file's digest: part of the packs' fingerprint, so stored verdicts follow a revision."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
