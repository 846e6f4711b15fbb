"""Benefits (扶持政策 / 惠企政策): who is eligible, as engine clauses, and how much each gets, as data.

A benefit file (`benefits/<code>/<version>.yaml`) holds its issuer and 文号, validity, application window, whether
it is awarded without application (免申即享), its eligibility (clauses and rule in the packs' own schema, under
the pseudo-policy `benefit`) and its amount rule: a fixed sum, a rate of a figure (or of a figure's increase),
or tiers by a figure, each optionally capped. Amounts are computed for every enterprise in one Polars plan, in
whole 元 with half-up rounding (integer arithmetic, no binary floating point), and reported in 万元 as Decimal.

The amount is computed whether or not the enterprise qualifies: for a near miss it is what meeting the
remaining conditions would bring ("差 1 项，可得 30 万元").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

import polars as pl
import yaml
from pydantic import ValidationError, model_validator

from gaoxin.contract.derivations import digest as derivations_digest
from gaoxin.engine.bounds import Bounds
from gaoxin.engine.evaluate import evaluate_prepared, prepare
from gaoxin.engine.explain import result_json
from gaoxin.engine.frame import KEY as KEY_COLUMN
from gaoxin.engine.schema import BENEFIT, Clause, Decision, Document, Pack, Rule, Strict, Value
from gaoxin.engine.value import value_span

BENEFIT_DIR = Path(__file__).resolve().parent / "benefits"
YUAN_PER_WAN = 10_000
AMOUNT = "amount_yuan"  # the column each evaluation adds: whole 元, null when a figure it needs is unknown
LEVELS = {"national": "国家级", "province": "省级", "city": "市级", "zone": "区级"}


class Tier(Strict):
    """From `at_least` (inclusive, in the base's unit) upwards, until the next tier: a fixed sum or a rate."""

    at_least: Decimal
    amount: Decimal | None = None
    rate: Decimal | None = None

    @model_validator(mode="after")
    def _one(self) -> Tier:
        if (self.amount is None) == (self.rate is None):
            raise ValueError("a tier has either `amount` or `rate`")
        return self


class Amount(Strict):
    """How much an eligible enterprise gets, in 万元. Exactly one of: `fixed`; `rate` × `base`; `tiers` by `base`.
    `minus` turns the base into an increase (base − minus, never below 0: 研发费用增量). `cap` limits the result."""

    label: str  # the rule in words, as the policy states it
    fixed: Decimal | None = None
    base: Value | None = None
    minus: Value | None = None
    rate: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    cap: Decimal | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Amount:
        kinds = [self.fixed is not None, self.rate is not None, bool(self.tiers)]
        if sum(kinds) != 1:
            raise ValueError("an amount is one of `fixed`, `rate` (with `base`) or `tiers` (with `base`)")
        if (self.rate is not None or self.tiers) and self.base is None:
            raise ValueError("`rate` and `tiers` need the `base` figure they apply to")
        if self.fixed is not None and (self.base or self.minus):
            raise ValueError("a fixed amount has no `base`")
        edges = [t.at_least for t in self.tiers]
        if edges != sorted(set(edges)):
            raise ValueError("tiers run upwards, each from a higher `at_least`")
        return self

    def reads(self) -> set[tuple[str, int]]:
        """The (input, year offset) the amount is computed from."""
        return set().union(*(v.reads() for v in (self.base, self.minus) if v is not None))


class Window(Strict):
    """When applications are taken (both ends inclusive); none for a benefit awarded without application."""

    opens: dt.date | None = None
    closes: dt.date | None = None
    note: str = ""


class Benefit(Strict):
    id: str  # <code>@<version>
    code: str
    name: str
    level: Literal["national", "province", "city", "zone"]
    issuer: str
    documents: tuple[Document, ...]
    effective_from: dt.date
    expires_on: dt.date | None = None  # last day it applies
    superseded_on: dt.date | None = None
    window: Window | None = None
    automatic: bool = False  # 免申即享: awarded from data already held, without application
    source: str
    summary: str = ""
    decisions: tuple[Decision, ...] = ()
    clauses: tuple[Clause, ...]
    rule: Rule
    amount: Amount

    @model_validator(mode="after")
    def _consistent(self) -> Benefit:
        if not self.id.startswith(self.code + "@"):
            raise ValueError(f"the id “{self.id}” must be “{self.code}@<version>”")
        self.pack()  # the eligibility must itself be a valid pack
        return self

    def pack(self) -> Pack:
        """The eligibility as a pack of the pseudo-policy `benefit` (clause ids `benefit.<code>.…`)."""
        return Pack.model_validate({
            "id": self.id, "policy": BENEFIT, "name": self.name, "issuer": self.issuer,
            "documents": [d.model_dump() for d in self.documents], "effective_from": self.effective_from,
            "source": self.source, "clauses": [c.model_dump() for c in self.clauses],
            "rule": self.rule.model_dump()})

    def in_force_on(self, day: dt.date) -> bool:
        ends = [d for d in (self.expires_on and self.expires_on + dt.timedelta(days=1), self.superseded_on) if d]
        return self.effective_from <= day and all(day < end for end in ends)

    def window_open_on(self, day: dt.date) -> bool:
        if self.window is None:
            return False
        return (self.window.opens is None or self.window.opens <= day) and (
            self.window.closes is None or day <= self.window.closes)


def _yuan(wan: Decimal | pl.Expr) -> pl.Expr:
    """万元 as whole 元, half up: a figure is exact to 4 decimals (1 元), so ×10⁴ is an integer."""
    expr = wan if isinstance(wan, pl.Expr) else pl.lit(wan)
    return (expr.cast(pl.Float64) * YUAN_PER_WAN).round(0).cast(pl.Int64)


def _times(yuan: pl.Expr, rate: Decimal) -> pl.Expr:
    """元 × rate, half up to the 元, in integers: the rate as a fraction n / 10^d."""
    places = max(0, -rate.normalize().as_tuple().exponent)
    numerator = int(rate.scaleb(places))
    scale = 10 ** places
    return (yuan * numerator + scale // 2) // scale


def amount_expr(amount: Amount, bounds: Bounds) -> pl.Expr:
    """Each enterprise's amount in whole 元 (Int64), null when the base figure is unknown (a base the derivation
    rules fix exactly, 净资产 from 资产总额 − 负债总额, counts as known)."""
    if amount.fixed is not None:
        result = _yuan(amount.fixed)
    else:
        base = _base(amount, bounds)
        if amount.rate is not None:
            result = _times(base, amount.rate)
        else:
            result = pl.lit(0, dtype=pl.Int64)
            for tier in amount.tiers:  # later (higher) tiers override earlier ones
                value = _yuan(tier.amount) if tier.amount is not None else _times(base, tier.rate)
                result = pl.when(base >= _yuan(tier.at_least)).then(value).otherwise(result)
            result = pl.when(base.is_null()).then(None).otherwise(result)
    if amount.cap is not None:
        result = pl.when(result > _yuan(amount.cap)).then(_yuan(amount.cap)).otherwise(result)
    return result.cast(pl.Int64).alias(AMOUNT)


def _base(amount: Amount, bounds: Bounds) -> pl.Expr:
    """The figure the amount applies to, in 元; a negative one (a loss, a fall) counts as 0."""
    base = _yuan(value_span(amount.base, bounds).value().round(4))
    if amount.minus is not None:
        base = base - _yuan(value_span(amount.minus, bounds).value().round(4))
    return pl.when(base < 0).then(0).otherwise(base)


def evaluate_benefits(benefits: list[Benefit], table: pl.DataFrame, year: int, on: dt.date,
                      titles: pl.DataFrame | None = None) -> Iterator[tuple[Benefit, pl.DataFrame]]:
    """(benefit, frame) per benefit: the eligibility pack's columns (verdict_code, per-clause status, value …)
    plus `amount_yuan`, over one shared pivot of the enterprise-year table."""
    packs = [b.pack() for b in benefits]
    frame = prepare(packs, table, year, on, titles, set().union(*(b.amount.reads() for b in benefits)))
    bounds = Bounds(set(frame.columns), year)
    frame = frame.with_columns(amount_expr(b.amount, bounds).alias(f"{AMOUNT}:{b.id}") for b in benefits)
    for benefit, pack in zip(benefits, packs, strict=True):
        others = [f"{AMOUNT}:{b.id}" for b in benefits if b is not benefit]
        result = evaluate_prepared(pack, frame, year, on, titles is not None).drop(others)
        yield benefit, result.rename({f"{AMOUNT}:{benefit.id}": AMOUNT})


def wan(yuan: int | None) -> Decimal | None:
    """Whole 元 as 万元 (Decimal, 4 places)."""
    return None if yuan is None else (Decimal(yuan) / YUAN_PER_WAN).quantize(Decimal("0.0001"))


class BenefitError(ValueError):
    """A benefit file that does not match the schema, or no such benefit."""


@cache
def all_benefits(directory: Path = BENEFIT_DIR) -> tuple[Benefit, ...]:
    """Every benefit file, validated, ordered by level (national first) then code and date."""
    out = []
    for path in sorted(directory.glob("*/*.yaml")):
        try:
            out.append(Benefit.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (ValidationError, yaml.YAMLError) as exc:
            raise BenefitError(f"{path.parent.name}/{path.name}: {exc}") from None
    ids = [b.id for b in out]
    if len(set(ids)) != len(ids):
        raise BenefitError("two benefit files have the same id")
    order = list(LEVELS)
    return tuple(sorted(out, key=lambda b: (order.index(b.level), b.code, b.effective_from)))


def benefits_in_force(day: dt.date, directory: Path = BENEFIT_DIR) -> list[Benefit]:
    """The version of each benefit in force on `day` (the latest that started, if versions overlap)."""
    chosen: dict[str, Benefit] = {}
    for b in all_benefits(directory):
        if b.in_force_on(day) and (b.code not in chosen or chosen[b.code].effective_from < b.effective_from):
            chosen[b.code] = b
    return list(chosen.values())


@cache
def benefits_fingerprint(directory: Path = BENEFIT_DIR) -> str:
    """A short digest of every benefit file: stored matches carrying another one were computed under other rules.
    Read once per process, like the packs' digest (`all_benefits` is read once too)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*/*.yaml")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(derivations_digest().encode())  # matches read blank figures through the same identities
    return digest.hexdigest()[:16]


def explained(benefit: Benefit, row: dict, year: int) -> dict:
    """The contract's result shape for one enterprise, with the benefit's identity and amount added."""
    result = result_json(benefit.pack(), row, year)
    amount = wan(row.get(AMOUNT))
    return result | {"benefit": benefit.code, "benefit_name": benefit.name, "level": benefit.level,
                     "automatic": benefit.automatic, "amount": None if amount is None else str(amount),
                     "amount_rule": benefit.amount.label,
                     "amount_from": sorted({code for code, _ in benefit.amount.reads()})}


def benefit_name(code: str) -> str:
    """The name of the benefit with this code (its latest version), or the code itself."""
    named = [b for b in all_benefits() if b.code == code]
    return named[-1].name if named else code


def benefit_by_id(benefit_id: str, directory: Path = BENEFIT_DIR) -> Benefit:
    for b in all_benefits(directory):
        if b.id == benefit_id:
            return b
    raise BenefitError(f"没有政策 {benefit_id}")


# ---------------------------------------------------------------- what-if (政策模拟) for a benefit


def benefit_knobs(benefit: Benefit) -> list:
    """Every number of a benefit a what-if may change: its conditions' thresholds (as the packs' sandbox lists
    them) and its amount rule (fixed sum, rate as %, cap, each tier's edge and sum or rate), keyed by path."""
    from gaoxin.engine.sandbox import Knob, knobs

    out = list(knobs(benefit.pack()))
    amount = benefit.amount
    for name, what, unit in (("fixed", "固定金额", "万元"), ("rate", "比例", "%"), ("cap", "上限", "万元")):
        value = getattr(amount, name)
        if value is not None:
            out.append(Knob(f"amount/{name}", "amount", amount.label, what, unit, float(value)))
    base_unit = amount.base.unit if amount.base else ""
    for i, tier in enumerate(amount.tiers):
        out.append(Knob(f"amount/tiers/{i}/at_least", "amount", amount.label, f"第 {i + 1} 档起点", base_unit,
                        float(tier.at_least)))
        name, unit = ("amount", "万元") if tier.amount is not None else ("rate", "%")
        out.append(Knob(f"amount/tiers/{i}/{name}", "amount", amount.label, f"第 {i + 1} 档金额" if name == "amount"
                        else f"第 {i + 1} 档比例", unit, float(getattr(tier, name))))
    return out


def benefit_sandbox(benefit: Benefit, changes: dict[str, float]) -> Benefit:
    """A copy of the benefit with the knobs in `changes` (key → value as shown: 10 for 10%) set, validated like
    a file; BenefitError with the reason when a key is unknown or the result is inconsistent."""
    by_key = {k.key: k for k in benefit_knobs(benefit)}
    data = benefit.model_dump(mode="json")
    for key, shown in changes.items():
        if key not in by_key:
            raise BenefitError(f"政策 {benefit.id} 没有可调整的数值 {key}")
        value = Decimal(str(shown)) / 100 if by_key[key].unit == "%" else Decimal(str(shown))
        *parents, last = key.split("/")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = float(value) if parents[0] == "clauses" else str(value)
    try:
        return Benefit.model_validate(data | {"id": f"{benefit.id}~sandbox"})
    except ValidationError as exc:
        raise BenefitError("调整后的政策不成立：" + "；".join(e["msg"] for e in exc.errors())) from None


def compare_cost(baseline: Benefit, sandboxed: Benefit, table: pl.DataFrame, year: int, on: dt.date,
                 titles: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per enterprise: qualified and amount (元) under the official benefit and under the sandbox copy, read from
    one shared pivot; the caller sums the costs and lists who gains or loses."""
    (_, before), (_, after) = evaluate_benefits([baseline, sandboxed], table, year, on, titles)
    return before.select(KEY_COLUMN, (pl.col("verdict_code") == 1).fill_null(False).alias("qualified_before"),
                         pl.col(AMOUNT).alias("amount_before")).join(
        after.select(KEY_COLUMN, (pl.col("verdict_code") == 1).fill_null(False).alias("qualified_after"),
                     pl.col(AMOUNT).alias("amount_after")), on=KEY_COLUMN)
