"""The shape of a policy pack, checked when it is loaded so a broken file fails with a message, not a verdict.

One file is one version of one policy (e.g. 科技型中小企业 under the 2022 指引). Thresholds, bands and dates are
data here; the evaluator only interprets them. Every clause names the article it comes from, and every input it
reads is a field of the data contract, so forms and "what data is missing" lists can be built from the pack.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_BY_CODE

POLICIES = ("tech_sme", "high_tech", "innovative_sme", "srdi_sme", "little_giant", "gazelle", "unicorn",
            "potential_unicorn", "seed_unicorn", "listing_reserve")
Op = Literal[">=", ">", "<=", "<", "=="]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _contract_field(code: str) -> str:
    if code not in BY_CODE:
        raise ValueError(f"“{code}” is not a field of the data contract")
    return code


class Value(Strict):
    """What a clause measures: one input, or a ratio of two, in a year relative to the assessment year Y.

    `year: -1` is 上年度 (Y−1). With `years: [-3, -1]` numerator and denominator are summed over Y−3..Y−1 first
    (e.g. 高企 研发费用占比 over 近三个会计年度).
    """

    input: str | None = None
    ratio: tuple[str, str] | None = None
    year: int = -1
    years: tuple[int, int] | None = None
    unit: str = ""

    @model_validator(mode="after")
    def _one_source(self) -> Value:
        if (self.input is None) == (self.ratio is None):
            raise ValueError("a value is either `input` or `ratio`")
        for code in self.inputs():
            _contract_field(code)
        return self

    def inputs(self) -> tuple[str, ...]:
        return (self.input,) if self.input else tuple(self.ratio or ())


class Band(Strict):
    """One row of a points table. `from` is inclusive and `to` exclusive unless the pack says otherwise."""

    from_: float | None = Field(None, alias="from")
    to: float | None = None
    points: float | tuple[float, float]  # a (min, max) range where experts choose within the band (高企)
    label: str = ""


class OneInput(Strict):
    """A test that reads a single contract field."""

    input: str

    _check = field_validator("input")(lambda cls, v: _contract_field(v))

    def inputs(self) -> tuple[str, ...]:
        return (self.input,)


class Flag(OneInput):
    """A yes/no input that must have the expected value (year-level inputs are read in `year`, default Y−1)."""

    kind: Literal["flag"]
    expect: bool = True
    year: int = -1


class Compare(Strict):
    kind: Literal["compare"]
    value: Value
    op: Op
    threshold: float

    def inputs(self) -> tuple[str, ...]:
        return self.value.inputs()


class Bands(Strict):
    kind: Literal["bands"]
    value: Value
    bands: tuple[Band, ...]
    lower: Literal["inclusive", "exclusive"] = "inclusive"
    upper: Literal["inclusive", "exclusive"] = "exclusive"
    when_undefined: float | None = None  # points when the ratio's denominator is 0 (None: clause unknown)

    @model_validator(mode="after")
    def _ordered_and_gapless(self) -> Bands:
        rows = sorted(self.bands, key=lambda b: -float("inf") if b.from_ is None else b.from_)
        for below, above in zip(rows, rows[1:], strict=False):
            if below.to != above.from_:
                raise ValueError(f"bands leave a gap or overlap between {below.to} and {above.from_}")
        if rows[0].from_ is not None:
            raise ValueError("the lowest band must be open below (no `from`), so every value falls in one band")
        if rows[-1].to is not None:
            raise ValueError("the highest band must be open above (no `to`)")
        return self

    def inputs(self) -> tuple[str, ...]:
        return self.value.inputs()

    def contains(self, band: Band, value):
        """Whether `value` lies in `band` under this table's inclusiveness; works on floats and Polars exprs."""
        inside = True
        if band.from_ is not None:
            inside = (value >= band.from_) if self.lower == "inclusive" else (value > band.from_)
        if band.to is not None:
            below = (value < band.to) if self.upper == "exclusive" else (value <= band.to)
            inside = below if inside is True else inside & below
        return inside


class BestOf(Strict):
    """The enterprise may choose the more favourable of several points tables (科小 研发投入 两种算法)."""

    kind: Literal["best_of"]
    options: tuple[Bands, ...]

    def inputs(self) -> tuple[str, ...]:
        return tuple(c for o in self.options for c in o.inputs())


class TitleHeld(Strict):
    """A title held and valid on the assessment date (e.g. 有效期内的高新技术企业)."""

    kind: Literal["title_held"]
    title: str

    @field_validator("title")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in TITLE_BY_CODE:
            raise ValueError(f"unknown title “{v}”")
        return v

    def inputs(self) -> tuple[str, ...]:
        return ()


class Within(OneInput):
    """An event in any of the last `years` fiscal years: a flag that was true, or a rank at most `max_rank`."""

    kind: Literal["within"]
    years: int
    max_rank: int | None = None
    empty_means_no: bool = False  # award ranks: the contract leaves the cell empty when nothing was won


class AtLeastLevel(OneInput):
    """An ordinal input at or above a level (研发机构级别 ≥ 省级)."""

    kind: Literal["at_least_level"]
    level: str

    @model_validator(mode="after")
    def _level_known(self) -> AtLeastLevel:
        choices = [c for c, _ in BY_CODE[self.input].choices]
        if self.level not in choices:
            raise ValueError(f"“{self.level}” is not a level of {self.input}: {choices}")
        return self


Test = Annotated[Flag | Compare | Bands | BestOf | TitleHeld | Within | AtLeastLevel, Field(discriminator="kind")]


class Clause(Strict):
    id: str
    label: str
    article: str  # the 文号 and article the threshold comes from
    test: Test
    note: str = ""


class Rule(Strict):
    """Verdict logic over clause ids: every clause in `all`, and at least one branch of `any` when given.

    A branch is a clause id or `score` (the sum of `score.clauses` reaches `score.pass_mark` and every clause in
    `score.nonzero` scored points).
    """

    all: tuple[str, ...]
    any: tuple[str, ...] = ()


class Score(Strict):
    clauses: tuple[str, ...]
    pass_mark: float
    nonzero: tuple[str, ...] = ()


class Document(Strict):
    number: str  # 文号
    title: str
    issued_on: dt.date | None = None


class Decision(Strict):
    """How this pack settles a point the official text leaves open (fact sheet: UNVERIFIED)."""

    about: str
    decision: str
    reason: str
    parameter: str | None = None  # the pack parameter that lets a zone choose otherwise


class Pack(Strict):
    id: str
    policy: Literal[POLICIES]  # type: ignore[valid-type]
    name: str
    variant: str = "national"
    issuer: str
    documents: tuple[Document, ...]
    effective_from: dt.date
    superseded_on: dt.date | None = None
    source: str
    parameters: dict[str, str | float | int | bool] = {}
    decisions: tuple[Decision, ...] = ()
    clauses: tuple[Clause, ...]
    score: Score | None = None
    rule: Rule

    @model_validator(mode="after")
    def _consistent(self) -> Pack:
        ids = [c.id for c in self.clauses]
        if len(set(ids)) != len(ids):
            raise ValueError("clause ids must be unique")
        for clause_id in ids:
            if not clause_id.startswith(self.policy + "."):
                raise ValueError(f"clause id “{clause_id}” must start with “{self.policy}.”")
        known = set(ids) | ({"score"} if self.score else set())
        named = [*self.rule.all, *self.rule.any, *(self.score.clauses + self.score.nonzero if self.score else ())]
        for ref in named:
            if ref not in known:
                raise ValueError(f"the rule names “{ref}”, which is not a clause of this pack")
        if self.superseded_on and self.superseded_on <= self.effective_from:
            raise ValueError("superseded_on must come after effective_from")
        return self

    def inputs(self) -> tuple[str, ...]:
        """Every contract field this pack reads, in clause order: what a form must ask for."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for code in clause.test.inputs():
                seen.setdefault(code)
        return tuple(seen)

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.superseded_on is None or day < self.superseded_on)
