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

# In ladder order. The three board standards are not titles: they say which board's listing standard an
# enterprise's figures already meet, next to 上市后备.
POLICIES = ("tech_sme", "high_tech", "innovative_sme", "srdi_sme", "little_giant", "gazelle", "seed_unicorn",
            "potential_unicorn", "unicorn", "listing_reserve", "board_star", "board_chinext", "board_bse")
PROGRAM = "program"  # the pseudo-policy of a support program's eligibility clauses (never stored as a verdict)
BENEFIT = "benefit"  # the pseudo-policy of a benefit's (扶持政策) eligibility clauses (engine/benefit.py)
Op = Literal[">=", ">", "<=", "<", "=="]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _contract_field(code: str) -> str:
    if code not in BY_CODE:
        raise ValueError(f"“{code}” is not a field of the data contract")
    return code


class Value(Strict):
    """What a clause measures, in a year relative to the assessment year Y.

    One source: an `input`, a `ratio` of two, a `sum_of` several (Ⅰ类 + Ⅱ类), a `count_true` of yes/no inputs
    (质量管理: how many of certification, brand, standard), or the `growth` of one input across `years`.
    `year: -1` is 上年度 (Y−1). With `years: [-3, -1]` inputs are summed (or averaged, `aggregate: mean`) over
    Y−3..Y−1 first (e.g. 高企 研发费用占比 over 近三个会计年度). `since_founding` shortens that window to the
    fiscal years since the enterprise was founded (高企: 实际经营不满三年的按实际经营时间计算).
    """

    input: str | None = None
    ratio: tuple[str, str] | None = None
    sum_of: tuple[str, ...] | None = None
    count_true: tuple[str, ...] | None = None
    growth: str | None = None
    years_since: str | None = None  # (Y + year) − an enterprise-level year or date's year (细分市场年限, 成立年限)
    min_of: tuple[str, ...] | None = None  # the lowest of several inputs (净利润取扣非前后孰低)
    scale: float | str = 1.0  # multiplies the value (亿美元 → 亿元 at the pack's exchange rate)
    method: Literal["mean_ratio", "cagr", "last_ratio"] = "mean_ratio"
    first_base: Literal["strict", "skip_zero", "skip_not_positive"] = "strict"
    year: int = -1
    years: tuple[int, int] | None = None
    aggregate: Literal["sum", "mean"] = "sum"
    since_founding: bool = False
    unit: str = ""

    @model_validator(mode="after")
    def _one_source(self) -> Value:
        sources = [self.input, self.ratio, self.sum_of, self.count_true, self.growth, self.years_since, self.min_of]
        if sum(s is not None for s in sources) != 1:
            raise ValueError("a value has exactly one of `input`, `ratio`, `sum_of`, `count_true`, `growth`, "
                             "`years_since`, `min_of`")
        if isinstance(self.scale, str):
            raise ValueError(f"`scale` must be a number (an unknown parameter? {self.scale})")
        for code in self.inputs():
            _contract_field(code)
        if self.growth and not self.years:
            raise ValueError("a growth rate needs `years` (the window it is measured over)")
        if self.years and self.years[0] > self.years[1]:
            raise ValueError("`years` runs from the earlier offset to the later one")
        return self

    def inputs(self) -> tuple[str, ...]:
        if self.input or self.growth or self.years_since:
            return (self.input or self.growth or self.years_since,)
        return tuple(self.ratio or self.sum_of or self.count_true or self.min_of or ())

    def offsets(self) -> range:
        return range(self.years[0], self.years[1] + 1) if self.years else range(self.year, self.year + 1)


Inclusive = Literal["inclusive", "exclusive"]


class Band(Strict):
    """One row of a points table. Inclusiveness is the table's unless the row says otherwise (高企 成长性:
    F is g ≤ 0, E is 0 < g < 5%)."""

    from_: float | None = Field(None, alias="from")
    to: float | None = None
    points: float | tuple[float, float]  # a (min, max) range where experts choose within the band (高企)
    label: str = ""
    lower: Inclusive | None = None
    upper: Inclusive | None = None


def _check_rows(rows) -> None:
    """Rows of a band or tier table must cover every value exactly once: open at both ends, no gaps."""
    rows = sorted(rows, key=lambda b: -float("inf") if b.from_ is None else b.from_)
    for below, above in zip(rows, rows[1:], strict=False):
        if below.to != above.from_:
            raise ValueError(f"bands leave a gap or overlap between {below.to} and {above.from_}")
    if rows[0].from_ is not None:
        raise ValueError("the lowest band must be open below (no `from`), so every value falls in one band")
    if rows[-1].to is not None:
        raise ValueError("the highest band must be open above (no `to`)")


def _inside(row, value, lower: Inclusive, upper: Inclusive):
    """Whether `value` lies in `row`; works on floats and Polars expressions."""
    inside = True
    if row.from_ is not None:
        inside = (value >= row.from_) if (row.lower or lower) == "inclusive" else (value > row.from_)
    if row.to is not None:
        below = (value < row.to) if (row.upper or upper) == "exclusive" else (value <= row.to)
        inside = below if inside is True else inside & below
    return inside


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


class Tier(Strict):
    from_: float | None = Field(None, alias="from")
    to: float | None = None
    threshold: float
    label: str = ""
    lower: Inclusive | None = None
    upper: Inclusive | None = None


class Tiers(Strict):
    """A threshold that depends on another value (高企: the R&D share required falls as 最近一年销售收入 rises).
    By default a tier includes its upper edge (S ≤ 5,000 万元 → 5%)."""

    by: Value
    lower: Inclusive = "exclusive"
    upper: Inclusive = "inclusive"
    rows: tuple[Tier, ...]

    @model_validator(mode="after")
    def _gapless(self) -> Tiers:
        _check_rows(self.rows)
        return self

    def contains(self, tier: Tier, value):
        return _inside(tier, value, self.lower, self.upper)


class Compare(Strict):
    """A measured value against a fixed threshold or one chosen by `tiers`."""

    kind: Literal["compare"]
    value: Value
    op: Op
    threshold: float | None = None
    tiers: Tiers | None = None
    when_undefined: bool | None = None  # the result when the value is undefined (0 denominator; None: unknown)
    every_year: bool = False  # with `years`: each year on its own must pass (近 2 年研发占比均不低于 3%)

    @model_validator(mode="after")
    def _one_threshold(self) -> Compare:
        if (self.threshold is None) == (self.tiers is None):
            raise ValueError("a comparison has either `threshold` or `tiers`")
        if self.every_year and (not self.value.years or self.tiers or self.value.growth):
            raise ValueError("`every_year` needs a value over `years` and a fixed threshold")
        return self

    def inputs(self) -> tuple[str, ...]:
        return self.value.inputs() + (self.tiers.by.inputs() if self.tiers else ())


class Age(Strict):
    """Days from founding (成立日期) to the assessment date against a threshold (高企: 注册成立一年以上 = 365 天)."""

    kind: Literal["age"]
    op: Op
    days: int

    def inputs(self) -> tuple[str, ...]:
        return ("founded_on",)


class Filled(OneInput):
    """A judgement staff record as a value (高企 技术领域): any value passes; empty is unknown, never a fail."""

    kind: Literal["filled"]


class Bands(Strict):
    kind: Literal["bands"]
    value: Value
    bands: tuple[Band, ...]
    lower: Inclusive = "inclusive"
    upper: Inclusive = "exclusive"
    when_undefined: float | None = None  # points when the value is undefined (0 denominator; None: unknown)

    @model_validator(mode="after")
    def _ordered_and_gapless(self) -> Bands:
        _check_rows(self.bands)
        return self

    def inputs(self) -> tuple[str, ...]:
        return self.value.inputs()

    def contains(self, band: Band, value):
        """Whether `value` lies in `band` under this table's inclusiveness; works on floats and Polars exprs."""
        return _inside(band, value, self.lower, self.upper)


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
    required: bool = True  # false: this version does not ask for it (the clause always passes, and says so)
    recognized_in: int | None = None  # only a recognition dated in fiscal year Y+k (−1: 上年度新认定的)

    @property
    def flag(self) -> str:
        """The frame column that says whether the enterprise holds it (one per title and recognition year)."""
        return f"__title_{self.title}" + ("" if self.recognized_in is None else f"@{self.recognized_in}")

    @field_validator("title")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in TITLE_BY_CODE:
            raise ValueError(f"unknown title “{v}”")
        return v

    def inputs(self) -> tuple[str, ...]:
        return ()


class Within(OneInput):
    """An event in any of the last `years` fiscal years: a flag that was true, or a rank at most `max_rank`
    (with no `max_rank`, any rank). `expect: false` passes when there was none (近三年未发生重大事故)."""

    kind: Literal["within"]
    years: int
    expect: bool = True
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


class Expert(OneInput):
    """Points an expert gives (高企 知识产权 ≤ 30). Until they are recorded the clause is unknown and its points
    are a range: [0, max], or, with `estimate`, what the data already fix for one sub-item plus `rest` for the
    others, capped at `max`."""

    kind: Literal["expert"]
    max: float
    year: int = -1
    estimate: Bands | BestOf | None = None
    rest: tuple[float, float] = (0.0, 0.0)


class SmeSize(Strict):
    """中小企业 under the 划型标准 for the enterprise's industry (a standard file under `standards/`), from
    上年度 employees, revenue and assets."""

    kind: Literal["sme_size"]
    standard: str = "sme_size@2011"

    @field_validator("standard")
    @classmethod
    def _known(cls, v: str) -> str:
        from gaoxin.engine.sme_size import standard

        standard(v)
        return v

    def inputs(self) -> tuple[str, ...]:
        return ("industry_code", "employees", "revenue", "total_assets")


class LevelPoints(OneInput):
    """Points by the level an input names (研发机构级别: 国家级 10、省级 8 …)."""

    kind: Literal["level_points"]
    points: dict[str, float]
    year: int = -1

    @model_validator(mode="after")
    def _levels_known(self) -> LevelPoints:
        choices = {c for c, _ in BY_CODE[self.input].choices}
        if set(self.points) != choices:
            raise ValueError(f"points must be given for exactly the levels of {self.input}: {sorted(choices)}")
        return self


class AnyOf(Strict):
    """Passes when any one comparison does (营业收入 ≥ 1000 万元，或新增股权融资 ≥ 2000 万元)."""

    kind: Literal["any_of"]
    options: tuple[Compare | Flag, ...]

    def inputs(self) -> tuple[str, ...]:
        return tuple(c for o in self.options for c in o.inputs())


class ChoiceIn(OneInput):
    """An enum input among `values` (上市板块 not main/star/chinext/bse = 未上市). `empty` says what an empty cell
    means where the contract gives it a meaning (上市板块: empty = 未上市)."""

    kind: Literal["choice_in"]
    values: tuple[str, ...]
    negate: bool = False
    empty: Literal["pass", "fail", "unknown"] = "unknown"

    @model_validator(mode="after")
    def _values_known(self) -> ChoiceIn:
        choices = {c for c, _ in BY_CODE[self.input].choices}
        if not set(self.values) <= choices:
            raise ValueError(f"{sorted(set(self.values) - choices)} are not choices of {self.input}")
        return self


class IndustryNotIn(Strict):
    """The industry code (GB/T 4754) starts with none of `prefixes` (瞪羚: 烟草、铁路、矿产、房地产…除外)."""

    kind: Literal["industry_not_in"]
    prefixes: tuple[str, ...]
    label: str = ""

    def inputs(self) -> tuple[str, ...]:
        return ("industry_code",)


Test = Annotated[Flag | Compare | Bands | BestOf | TitleHeld | Within | AtLeastLevel | Age | Filled | Expert | SmeSize
                 | LevelPoints | AnyOf | ChoiceIn | IndustryNotIn, Field(discriminator="kind")]


class Clause(Strict):
    id: str
    label: str
    article: str  # the 文号 and article the threshold comes from
    test: Test
    note: str = ""


class Node(Strict):
    """A nested group in the rule: every member (`all`) or at least one (`any`); members are clause ids,
    `score`, or further groups (小巨人: 研发分档 with its own conditions, or a 直通 route)."""

    all: tuple[str | Node, ...] = ()
    any: tuple[str | Node, ...] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> Node:
        if bool(self.all) == bool(self.any):
            raise ValueError("a rule group has either `all` or `any`, not both")
        return self

    def refs(self) -> list[str]:
        return _refs(self.all + self.any)


def _refs(members) -> list[str]:
    return [r for m in members for r in ([m] if isinstance(m, str) else m.refs())]


class Rule(Strict):
    """Verdict logic over clause ids: every clause in `all`, and at least one branch of `any` when given.

    A branch is a clause id, a nested group, or `score` (the sum of `score.clauses` reaches `score.pass_mark`,
    every clause in `score.nonzero` scored points and every score group its minimum).
    """

    all: tuple[str | Node, ...]
    any: tuple[str | Node, ...] = ()

    def refs(self) -> list[str]:
        return _refs(self.all + self.any)


class ScoreGroup(Strict):
    """A sub-score reported on its own and, with `minimum`, required on its own (创新型: 创新能力类 ≥ 20 分)."""

    id: str
    label: str
    clauses: tuple[str, ...]
    minimum: float | None = None


class Score(Strict):
    clauses: tuple[str, ...]
    pass_mark: float
    nonzero: tuple[str, ...] = ()
    groups: tuple[ScoreGroup, ...] = ()


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
    policy: Literal[(*POLICIES, PROGRAM, BENEFIT)]  # type: ignore[valid-type]
    name: str
    variant: str = "national"
    overlays: str | None = None  # the pack this one was built on (`base:` in the file)
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
        named = self.rule.refs()
        if self.score:
            named += [*self.score.clauses, *self.score.nonzero, *(c for g in self.score.groups for c in g.clauses)]
        for ref in named:
            if ref not in known:
                raise ValueError(f"the rule names “{ref}”, which is not a clause of this pack")
        unused = set(ids) - set(named)
        if unused:
            raise ValueError(f"clauses used by neither the rule nor the score: {', '.join(sorted(unused))}")
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
