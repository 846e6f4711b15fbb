"""The shapes of a program's configuration and records, as stored in its JSON fields.

Staff write these lists on the set-up form (`forms.ProgramCommand`); demo loaders, tests and services build them
directly. Each field of `models.Program` names its shape here, and every save checks it (`core.schemas.Shaped`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext
from pydantic import AfterValidator, Field

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.core.schemas import Shape
from gaoxin.engine.schema import Clause

Text = Annotated[str, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(min_length=1, max_length=40)]


def _known_title(code: str) -> str:
    if code not in TITLE_BY_CODE:
        raise ValueError(gettext("“{code}”不是平台认识的称号或政策").format(code=code))
    return code


TitleCode = Annotated[str, AfterValidator(_known_title)]
FileType = Literal["pdf", "docx", "xlsx", "jpg", "png"]


class Eligibility(Shape):
    """申报条件 (and a loan product's 准入条件): titles held, policies whose verdict must be 符合, engine clauses."""

    titles: list[TitleCode] = []
    policies: list[TitleCode] = []
    clauses: list[Clause] = []


class FormField(Shape):
    """One field of the application form."""

    code: Code
    label: Text
    kind: Literal["text", "textarea", "number", "money"] = "text"
    required: bool = False


class Attachment(Shape):
    """One attachment the application needs."""

    code: Code
    label: Text
    types: list[FileType] = Field(default_factory=lambda: ["pdf"], min_length=1)
    max_mb: int = Field(10, ge=1, le=100)
    required: bool = False


class Criterion(Shape):
    """One line of the review rubric: its weight among the lines and the top score a reviewer may give."""

    code: Code
    label: Text
    weight: float = Field(gt=0)
    max: float = Field(gt=0)


class Tranche(Shape):
    """One tranche of an award: its share of the amount and the milestone that releases it."""

    milestone: Text
    share: float = Field(gt=0, le=1)
    on_signing: bool = False


class PrizeTier(Shape):
    """One prize of a competition: how many are given and the amount of each (万元)."""

    name: Annotated[str, Field(min_length=1, max_length=30)]
    count: int = Field(ge=1)
    amount: Decimal = Field(ge=0, decimal_places=2)


class ScreeningItem(Shape):
    """One condition checked at 资格初筛: what it asks, pass/fail/unknown, the gap in words, where it is written."""

    label: str
    status: Literal["pass", "fail", "unknown"]
    article: str
    detail: str = ""


class Screening(Shape):
    """资格初筛 of an application (and of a financing need against a product) on a day."""

    verdict: Literal["pass", "fail", "unknown"] = "unknown"
    items: list[ScreeningItem] = []
    on: str = ""


Tracks = list[Annotated[str, Field(min_length=1, max_length=50)]]
Answers = dict[str, str]
Scores = dict[str, Decimal]  # rubric code → the score given, as a decimal string
Figures = dict[str, str]  # a follow-up report's 主要指标 by code, as typed ("" when blank)


class DrawLine(Shape):
    """One subject of a reviewers' draw: the reviewers chosen, and each reviewer left out with the reason."""

    subject: int
    chosen: list[int]
    excluded: dict[str, list[str]] = {}


class Placing(Shape):
    """One entry's place when a competition round closes (scores as decimal strings, None when unscored)."""

    entry: int
    rank: int = Field(ge=1)
    score: Decimal | None
    mean: Decimal | None
    outcome: Literal["promote", "eliminate", "finish"]
