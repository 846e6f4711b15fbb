"""The shapes of 梯度培育's JSON fields: a 政策模拟's changes, parameters and the enterprises whose verdict flips."""

from __future__ import annotations

from typing import Any

from gaoxin.core.schemas import Shape

Changes = dict[str, float]  # a pack location → the value as users read it
Parameters = dict[str, str | float | int | bool]


class Flip(Shape):
    """An enterprise whose verdict differs between the baseline and the sandbox, and the clauses that changed."""

    enterprise: int
    baseline: str
    sandbox: str
    holds: bool = False
    clauses: list[Any] = []


class Asked(Shape):
    """One figure a 调查排摸 asks an enterprise for: a contract field, its fiscal year (None for an enterprise-level
    fact), its label, and the clauses (labels) it could decide."""

    field: str
    year: int | None = None
    label: str
    clauses: list[str] = []
