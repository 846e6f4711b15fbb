"""Explanations a zone officer can read: per clause the value, the threshold, the result and the gap, in Chinese.

Rendered from the evaluator's result row (numbers already computed), so this per-enterprise step is formatting,
not evaluation. The output follows the data contract's JSON shape.
"""

from __future__ import annotations

import math
from typing import Any

from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.schema import AtLeastLevel, Band, Bands, BestOf, Clause, Compare, Flag, Pack, TitleHeld, Within

STATUS = {1: "pass", 0: "fail", None: "unknown"}
_OP_WORDS = {">=": "不低于", ">": "高于", "<=": "不超过", "<": "低于", "==": "等于"}


def result_json(pack: Pack, row: dict[str, Any], year: int) -> dict[str, Any]:
    verdict = {1: "qualified", 0: "not_qualified"}.get(row["verdict_code"], "insufficient_data")
    smin, smax = row.get("score_min"), row.get("score_max")
    return {
        "credit_code": row["credit_code"],
        "name": row.get("name"),
        "assessment_year": year,
        "policy": pack.policy,
        "policy_version": pack.id,
        "verdict": verdict,
        "score": _num(smin) if smin is not None and smin == smax else None,
        "score_range": [_num(smin), _num(smax)] if smin is not None else None,
        "pass_mark": _num(pack.score.pass_mark) if pack.score else None,
        "clauses": [clause_json(c, row) for c in pack.clauses],
    }


def clause_json(clause: Clause, row: dict[str, Any]) -> dict[str, Any]:
    status = STATUS[row[f"{clause.id}:status"]]
    pmin, pmax = row[f"{clause.id}:pmin"], row[f"{clause.id}:pmax"]
    test = clause.test
    chosen = _chosen_option(test, row) if isinstance(test, BestOf) else test
    value = _measured(chosen, row)
    out = {
        "id": clause.id,
        "label": clause.label,
        "article": clause.article,
        "status": status,
        "value": round(value, 6) if isinstance(value, float) else value,
        "threshold": _threshold(chosen),
        "points": _num(pmin) if pmin == pmax else [_num(pmin), _num(pmax)],
        "gap": "",
        "missing": _missing(clause, row) if status == "unknown" else [],
    }
    out["gap"] = _gap(clause, chosen, row, value, status)
    return out


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def _chosen_option(test: BestOf, row) -> Bands:
    """The points table that gave the enterprise its points (the first one when nothing is known)."""
    best, best_points = test.options[0], -1.0
    for option in test.options:
        band = _band_of(option, _measured(option, row))
        if band is not None and _low_points(band) > best_points:
            best, best_points = option, _low_points(band)
    return best


def _measured(test, row) -> float | None:
    if isinstance(test, (Compare, Bands)):
        v = test.value
        if v.input:
            return _get(row, v.input, v.year)
        num, den = (_get(row, c, v.year) for c in v.ratio)
        if num is None or den is None or den == 0:
            return None
        return num / den
    if isinstance(test, Flag):
        raw = _get(row, test.input, test.year)
        return None if raw is None else bool(raw)
    return None


def _get(row, code: str, year: int):
    value = row.get(column(code, year))
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _low_points(band: Band) -> float:
    return float(band.points[0] if isinstance(band.points, tuple) else band.points)


def _band_of(test: Bands, value: float | None) -> Band | None:
    if value is None:
        return None
    return next((band for band in test.bands if test.contains(band, value)), None)


def _points_text(points) -> str:
    if isinstance(points, tuple):
        return f"{_num(points[0])}–{_num(points[1])} 分"
    return f"{_num(points)} 分"


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if unit in ("人", "项"):
        return f"{value:g} {unit}"
    return f"{value:,.2f} {unit}".strip()


def _threshold(test) -> str:
    if isinstance(test, Compare):
        return f"{test.op} {_fmt(test.threshold, test.value.unit)}"
    if isinstance(test, Bands):
        return "；".join(f"{b.label}：{_points_text(b.points)}" for b in test.bands)
    if isinstance(test, Flag):
        return f"= {'是' if test.expect else '否'}"
    if isinstance(test, TitleHeld):
        return f"持有有效的{TITLE_BY_CODE[test.title].label}称号"
    if isinstance(test, Within):
        rank = f"排名不超过第 {test.max_rank} 名" if test.max_rank else "有记录"
        return f"近 {test.years} 个会计年度内{rank}"
    if isinstance(test, AtLeastLevel):
        return f"{dict(BY_CODE[test.input].choices)[test.level]}及以上"
    return ""


def _gap(clause: Clause, test, row, value, status: str) -> str:
    if status == "unknown":
        return "数据不足，无法判断"
    if isinstance(test, Compare):
        return _compare_gap(test, value, status)
    if isinstance(test, Bands):
        return _band_gap(test, row, value)
    if status == "pass":
        return ""
    if isinstance(test, Flag):
        return f"不符合：{clause.label}"
    return f"不满足：{_threshold(test)}"


def _compare_gap(test: Compare, value: float, status: str) -> str:
    label, unit = BY_CODE[test.value.input].label if test.value.input else "", test.value.unit
    shown = f"{label} {_fmt(value, unit)}"
    if status == "pass":
        return f"{shown}，{_OP_WORDS[test.op]} {_fmt(test.threshold, unit)}"
    diff = abs(value - test.threshold)
    verb = "减少" if test.op in ("<=", "<") else "增加"
    return f"{shown}，超出{_OP_WORDS[test.op]} {_fmt(test.threshold, unit)} 的要求：需{verb} {_fmt(diff, unit)}"


def _band_gap(test: Bands, row, value: float | None) -> str:
    """Where the value stands and what it takes to reach the next band, in the numerator's own unit."""
    current = _band_of(test, value)
    if current is None:
        return "分母为 0，按 0 分计"
    higher = [b for b in test.bands if b.from_ is not None and b.from_ > value]
    unit = test.value.unit
    where = f"{_fmt(value, unit)}（{current.label}，{_points_text(current.points)}）"
    if not higher:
        return f"{where}，已达最高档"
    target = min(higher, key=lambda b: b.from_)
    reward = f"达到 {_fmt(target.from_, unit)} 可得 {_points_text(target.points)}"
    return f"{where}，{reward}：{_needed(test, row, value, target)}"


def _needed(test: Bands, row, value: float, target: Band) -> str:
    v = test.value
    if v.input:
        f = BY_CODE[v.input]
        amount = target.from_ - value
        return f"需再增加{f.label} {_fmt(math.ceil(amount) if f.kind == 'int' else amount, f.unit)}"
    num_code, den_code = v.ratio
    num, den = _get(row, num_code, v.year), _get(row, den_code, v.year)
    f = BY_CODE[num_code]
    amount = target.from_ * den - num
    if f.kind == "int":
        return f"需再增加{f.label} {math.ceil(amount - 1e-9)} {f.unit}（{BY_CODE[den_code].label}不变）"
    return f"需再投入{f.label} {amount:,.2f} {f.unit}（{BY_CODE[den_code].label}不变）"


def _missing(clause: Clause, row) -> list[str]:
    test = clause.test
    if isinstance(test, TitleHeld):
        return ["titles"]
    needed = []
    options = test.options if isinstance(test, BestOf) else (test,)
    for option in options:
        if isinstance(option, (Compare, Bands)):
            needed += [(c, option.value.year) for c in option.value.inputs()]
        elif isinstance(option, Flag):
            needed.append((option.input, option.year))
        elif isinstance(option, Within):
            needed += [(option.input, -k) for k in range(1, option.years + 1)]
        elif isinstance(option, AtLeastLevel):
            needed.append((option.input, -1))
    return sorted({code for code, year in needed if row.get(column(code, year)) in (None, "")})
