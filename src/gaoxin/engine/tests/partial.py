"""Test helpers for partial data: complete enterprises that satisfy every identity of the data contract, the same
enterprises with cells blanked, and admissible fillings of those blanks.

Written independently of the engine's interval code: a filling is built cell by cell and then repaired until
every rule of `contract/derivations.yaml` holds, so the property tests compare the engine against what could
really be true of the enterprise, not against its own bounds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import polars as pl
from hypothesis import strategies as st

from gaoxin.contract.derivations import Cumulative, NotBefore, derivations
from gaoxin.contract.fields import BY_CODE, ENTERPRISE_FIELDS, FIGURE_FIELDS

YEAR = 2026
YEARS = range(YEAR - 5, YEAR)
HIGH = 1_000_000.0  # "large" for money and counts: beyond every threshold of every pack
# blank means "none" for these (an award not won, not listed): a value, never an unknown to fill
MEANINGFUL_BLANKS = {"national_award_rank", "provincial_award_rank", "makerchina_rank", "listed_board"}
TEXT_LIKE = {"credit_code", "name", "park", "industry_code", "high_tech_field", "founded_on", "listed_board"}


def levels(code: str, founded_year: int) -> tuple:
    """Values a blank of this field is tried at: its least, a small positive one where 0 would divide by zero,
    and its greatest (or a value beyond every threshold)."""
    field = BY_CODE[code]
    if field.kind == "bool":
        return (False, True)
    if field.kind == "enum":
        return tuple(c for c, _ in field.choices)
    if field.kind == "year":
        return (founded_year, YEAR - 1)
    if field.kind == "percent":
        return (0.0, 5.0, 100.0)
    if field.unit in ("分", "级") and field.maximum is not None:
        return (float(field.minimum or 0), float(field.maximum))
    low = 1.0 if field.unit == "名" else (-HIGH if field.minimum is not None and field.minimum < 0 else 0.0)
    return (low, 1.0, 10.0, HIGH) if low == 0 else (low, 1.0, HIGH)


@st.composite
def enterprises(draw, founded_years=(2008, 2018, 2022, 2023)) -> dict:
    """One complete enterprise: enterprise fields and each fiscal year's figures, consistent with every rule."""
    founded = dt.date(draw(st.sampled_from(founded_years)), draw(st.integers(1, 12)), 1)
    money = st.sampled_from([0.0, 50.0, 300.0, 1000.0, 1500.0, 2500.0, 5000.0, 12000.0, 30000.0])
    small = st.integers(0, 12)
    enterprise = {
        "founded_on": founded,
        "industry_code": draw(st.sampled_from(["C3973", "I6513", "M7320", "F5123", "K7010"])),
        "high_tech_field": draw(st.sampled_from(["electronic_info", "new_materials", "outside"])),
        "niche_since": founded.year + draw(st.integers(0, 4)),
        "listed_board": draw(st.sampled_from([None, None, "neeq", "star"])),
    }
    for code in ("strategic_emerging", "resident", "restricted_industry", "credit_blacklisted",
                 "branch_or_trading", "listing_plan", "joint_stock", "joint_stock_planned"):
        enterprise[code] = draw(st.booleans()) if code != "resident" else draw(st.sampled_from([True, True, False]))
    years, paid_before = {}, draw(st.sampled_from([0.0, 0.0, 800.0]))
    cumulative = paid_before
    for y in YEARS:
        if y < founded.year:
            continue
        row = {}
        rd_staff, other_tech, others = draw(small), draw(small), draw(st.sampled_from([0, 5, 40, 300, 900]))
        row |= {"rd_staff": rd_staff, "tech_staff": rd_staff + other_tech,
                "employees": rd_staff + other_tech + others}
        main, other_rev = draw(money), draw(st.sampled_from([0.0, 0.0, 200.0, 3000.0]))
        row |= {"main_revenue": main, "revenue": main + other_rev,
                "high_tech_revenue": round((main + other_rev) * draw(st.sampled_from([0.0, 0.5, 0.7, 1.0])), 2)}
        domestic, foreign = draw(st.sampled_from([0.0, 30.0, 100.0, 600.0, 1300.0])), draw(
            st.sampled_from([0.0, 0.0, 50.0]))
        row |= {"rd_expense_domestic": domestic, "rd_expense": domestic + foreign,
                "total_cost": domestic + foreign + draw(money)}
        liabilities, net = draw(money), draw(st.sampled_from([-500.0, 0.0, 400.0, 3000.0, 9000.0]))
        net = max(net, -liabilities)
        row |= {"total_liabilities": liabilities, "net_assets": net, "total_assets": liabilities + net}
        own, valuable, others_ip = draw(st.integers(0, 3)), draw(st.integers(0, 2)), draw(st.integers(0, 3))
        row |= {"ip_class1_self": own, "ip_class1_high_value": valuable, "ip_class1": max(own, valuable) + others_ip,
                "ip_class2": draw(st.integers(0, 6))}
        flow = draw(st.sampled_from([0.0, 0.0, 500.0, 1200.0, 2500.0]))
        cumulative += flow
        row |= {"equity_financing": flow, "total_financing": cumulative}
        row |= _other_figures(draw, set(row))
        years[y] = row
    return {"enterprise": enterprise, "years": years}


def _other_figures(draw, done: set[str]) -> dict:
    out = {}
    for field in FIGURE_FIELDS:
        code = field.code
        if code in done:
            continue
        if code in MEANINGFUL_BLANKS:
            out[code] = draw(st.sampled_from([None, None, None, 1, 3, 8, 60, 400]))
        elif field.kind == "bool":
            out[code] = draw(st.booleans())
        elif field.kind == "enum":
            out[code] = draw(st.sampled_from([c for c, _ in field.choices]))
        elif field.kind == "percent":
            out[code] = draw(st.sampled_from([0.0, 3.0, 12.0, 40.0]))
        elif field.unit in ("分", "级"):
            lo, hi = int(field.minimum or 0), int(field.maximum)
            out[code] = float(draw(st.integers(lo, hi)))
        elif field.unit == "名":
            out[code] = draw(st.sampled_from([1, 2, 3, 5, 40]))
        else:
            signed = field.minimum is not None and field.minimum < 0
            values = [-800.0, 0.0, 300.0, 2000.0, 9000.0] if signed else [0.0, 1.0, 6.0, 300.0, 2000.0, 9000.0]
            out[code] = draw(st.sampled_from(values))
    return out


def blankable(data: dict) -> list[tuple[str, int | None]]:
    """Cells a zone may not have: every yearly figure but the meaningful blanks, and the yes/no and year
    fields of the enterprise. Dates, codes and choices that carry meaning when empty stay."""
    cells = [(code, y) for y, row in data["years"].items() for code in row if code not in MEANINGFUL_BLANKS]
    cells += [(code, None) for code, value in data["enterprise"].items()
              if code not in TEXT_LIKE and value is not None]
    return sorted(cells, key=lambda c: (c[0], c[1] or 0))


def blanked(data: dict, cells) -> dict:
    out = {"enterprise": dict(data["enterprise"]), "years": {y: dict(r) for y, r in data["years"].items()}}
    for code, y in cells:
        if y is None:
            out["enterprise"][code] = None
        else:
            out["years"][y][code] = None
    return out


def fillings(partial: dict, original: dict, cells: list[tuple[str, int | None]], limit: int,
             rng: random.Random) -> list[dict]:
    """Admissible fillings of `cells` (each tried at its levels, every other blank at its original value),
    repaired to satisfy every rule and dropped when they cannot: all combinations when few, else `limit` random
    ones plus the all-lowest and all-highest."""
    founded = original["enterprise"]["founded_on"].year
    options = [levels(code, founded) + _near_cancelling(code, original) for code, _ in cells]
    combos = list(itertools.product(*options)) if _count(options) <= limit else (
        [tuple(o[0] for o in options), tuple(o[-1] for o in options)]
        + [tuple(rng.choice(o) for o in options) for _ in range(limit)])
    blanks = _blanks(partial)
    moves = {c: 0 for c in blanks - set(cells)} | {c: 1 for c in cells}  # free blanks move first
    out = []
    for combo in combos:
        filled = blanked(original, [])
        for (code, y), value in zip(cells, combo, strict=True):
            _set(filled, code, y, value)
        repaired = repair(filled, moves)
        if admissible(repaired):
            out.append(repaired)
    return out


def _near_cancelling(code: str, original: dict) -> tuple:
    """For a signed figure (净资产, 净利润): values just either side of cancelling another known figure, where a
    sum in a denominator crosses 0 and a ratio takes any value (a loss over negative equity)."""
    field = BY_CODE[code]
    if field.kind != "money" or field.minimum is None or field.minimum >= 0:
        return ()
    known = {abs(v) for row in original["years"].values() for v in row.values()
             if isinstance(v, float) and v}
    return tuple(sorted({-v + d for v in known for d in (-1.0, 1.0)}))[:12]


def _count(options) -> int:
    n = 1
    for o in options:
        n *= len(o)
    return n


def _set(data: dict, code: str, y: int | None, value) -> None:
    (data["enterprise"] if y is None else data["years"][y])[code] = value


def _blanks(partial: dict) -> set:
    blanks = {(c, None) for c, v in partial["enterprise"].items() if v is None}
    return blanks | {(c, y) for y, row in partial["years"].items() for c, v in row.items() if v is None}


def _pick(moves: dict, *cells):
    """The cell to change: a free blank before a tried one; None when every one is a known figure."""
    movable = [c for c in cells if c in moves]
    return min(movable, key=lambda c: moves[c]) if movable else None


def repair(data: dict, moves: dict) -> dict:
    """Change blank cells (free ones first) until every rule of the derivations file holds, where possible."""
    rules = derivations()
    for _ in range(4):
        for y, row in data["years"].items():
            for part, whole in rules.part_of():
                if row.get(part) is not None and row.get(whole) is not None and row[part] > row[whole]:
                    cell = _pick(moves, (whole, y), (part, y))
                    if cell == (whole, y):
                        row[whole] = row[part]
                    elif cell == (part, y):
                        row[part] = row[whole]
            _balance(row, y, moves)
        for rule in rules.of_kind(Cumulative):
            _cumulative(data, rule.total, rule.flow, moves)
    for rule in rules.of_kind(NotBefore):
        founded, value = data["enterprise"].get(rule.after), data["enterprise"].get(rule.field)
        if founded is not None and value is not None and value < founded.year and (rule.field, None) in moves:
            data["enterprise"][rule.field] = founded.year
    return data


def _balance(row: dict, y: int, moves: dict) -> None:
    a, liab, net = row.get("total_assets"), row.get("total_liabilities"), row.get("net_assets")
    if None in (a, liab, net) or abs(a - liab - net) < 1e-6:
        return
    for cell in sorted((c for c in (("net_assets", y), ("total_assets", y), ("total_liabilities", y)) if c in moves),
                       key=lambda c: moves[c]):
        value = {"net_assets": a - liab, "total_assets": liab + net, "total_liabilities": a - net}[cell[0]]
        if cell[0] == "net_assets" or value >= 0:
            row[cell[0]] = value
            return


def _cumulative(data: dict, total: str, flow: str, moves: dict) -> None:
    paid, previous = 0.0, 0.0
    for y in sorted(data["years"]):
        row = data["years"][y]
        paid += row.get(flow) or 0.0
        if row.get(total) is None:
            continue
        need = max(previous, paid)
        if row[total] < need and (total, y) in moves:
            row[total] = need
        elif row[total] < need:  # a known total: take the excess off blank flows up to this year
            excess = need - row[total]
            blanks = [j for j in data["years"] if j <= y and (flow, j) in moves]
            for j in sorted(blanks, key=lambda j: moves[(flow, j)]):
                cut = min(excess, data["years"][j].get(flow) or 0.0)
                data["years"][j][flow] -= cut
                excess -= cut
                paid -= cut
        previous = row[total]


def admissible(data: dict) -> bool:
    """Whether a filling satisfies every rule (what a real enterprise's figures must)."""
    rules = derivations()
    for row in data["years"].values():
        for part, whole in rules.part_of():
            if row.get(part) is not None and row.get(whole) is not None and row[part] > row[whole] + 1e-6:
                return False
        a, liab, net = row.get("total_assets"), row.get("total_liabilities"), row.get("net_assets")
        if None not in (a, liab, net) and (abs(a - liab - net) > 1e-6 or a < 0 or liab < 0):
            return False
    for rule in rules.of_kind(Cumulative):
        paid, previous = 0.0, 0.0
        for y in sorted(data["years"]):
            row = data["years"][y]
            paid += row.get(rule.flow) or 0.0
            if row.get(rule.total) is not None:
                if row[rule.total] < max(previous, paid) - 1e-6:
                    return False
                previous = row[rule.total]
    for rule in rules.of_kind(NotBefore):
        founded, value = data["enterprise"].get(rule.after), data["enterprise"].get(rule.field)
        if founded is not None and value is not None and value < founded.year:
            return False
    return True


SCHEMA = {"credit_code": pl.String, "name": pl.String, "year": pl.Int64} | {
    f.code: {"text": pl.String, "enum": pl.String, "date": pl.Date, "bool": pl.Boolean, "int": pl.Int64,
             "year": pl.Int64}.get(f.kind, pl.Float64)
    for f in (*ENTERPRISE_FIELDS, *FIGURE_FIELDS) if f.code not in ("credit_code", "name")}


def table_rows(data: dict, code: str) -> list[dict]:
    blank = dict.fromkeys(SCHEMA)
    return [blank | {"credit_code": code, "name": code, "year": y} | data["enterprise"] | row
            for y, row in sorted(data["years"].items())]
