"""Explanations a zone officer can read: per clause the value, the threshold, the result and the gap, in Chinese.

Rendered from the evaluator's result row (numbers already computed), so this per-enterprise step is formatting,
not evaluation. The output follows the data contract's JSON shape.
"""

from __future__ import annotations

import math
from typing import Any

from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.engine.evaluate import test_needs
from gaoxin.engine.frame import column
from gaoxin.engine.schema import (
    Age,
    AnyOf,
    AtLeastLevel,
    Band,
    Bands,
    BestOf,
    ChoiceIn,
    Clause,
    Compare,
    Expert,
    Filled,
    Flag,
    IndustryNotIn,
    LevelPoints,
    Pack,
    SmeSize,
    TitleHeld,
    Value,
    Within,
)
from gaoxin.engine.sme_size import standard

STATUS = {1: "pass", 0: "fail", None: "unknown"}
_OP_WORDS = {">=": "不低于", ">": "高于", "<=": "不超过", "<": "低于", "==": "等于"}

TOP_BAND = "已达最高档"  # the gap of a scored clause already in its best band; readers test for it


def result_json(pack: Pack, row: dict[str, Any], year: int) -> dict[str, Any]:
    verdict = {1: "qualified", 0: "not_qualified"}.get(row["verdict_code"], "insufficient_data")
    row = row | {"__year": year}  # windows "since founding" are judged against the assessment year
    smin, smax = row.get("score_min"), row.get("score_max")
    return {
        "credit_code": row["credit_code"],
        "name": row.get("name"),
        "assessment_year": year,
        "policy": pack.policy,
        "policy_version": pack.id,
        "policy_name": pack.name,
        "verdict": verdict,
        "score": _num(smin) if smin is not None and smin == smax else None,
        "score_range": [_num(smin), _num(smax)] if smin is not None else None,
        "pass_mark": _num(pack.score.pass_mark) if pack.score else None,
        "sub_scores": [_group_json(g, row) for g in pack.score.groups] if pack.score else [],
        "clauses": [clause_json(c, row) for c in pack.clauses],
    }


def _group_json(group, row) -> dict[str, Any]:
    lo, hi = row[f"group:{group.id}:min"], row[f"group:{group.id}:max"]
    return {"id": group.id, "label": group.label, "points": _num(lo) if lo == hi else [_num(lo), _num(hi)],
            "minimum": _num(group.minimum)}


def clause_json(clause: Clause, row: dict[str, Any]) -> dict[str, Any]:
    status = STATUS[row[f"{clause.id}:status"]]
    pmin, pmax = row.get(f"{clause.id}:pmin", 0.0), row.get(f"{clause.id}:pmax", 0.0)
    test = clause.test
    chosen = _chosen_option(test, row) if isinstance(test, BestOf) else test
    if isinstance(test, BestOf):
        value = _plain_value(chosen.value, row)
    elif isinstance(test, Flag):
        raw = _get(row, test.input, test.year)
        value = None if raw is None else bool(raw)
    else:
        value = row.get(f"{clause.id}:value")
    return {
        "id": clause.id,
        "label": clause.label,
        "article": clause.article,
        "status": status,
        "value": round(value, 6) if isinstance(value, float) else value,
        "threshold": _threshold(chosen, row, clause.id),
        "points": _num(pmin) if pmin == pmax else [_num(pmin), _num(pmax)],
        "gap": _gap(clause, chosen, row, value, status),
        "missing": _missing(clause, row) if status == "unknown" else [],
        "shortfall": _shortfall(chosen, row, value, clause.id) if status == "fail" else 0.0,
        "inputs": _inputs(clause, row),
    }


def _shortfall(test, row, value, clause_id: str) -> float:
    """How far a failed clause is from passing, as a share of its threshold (0–1): 1 for a yes/no condition."""
    if not isinstance(test, Compare) or not isinstance(value, (int, float)):
        return 1.0
    threshold = row.get(f"{clause_id}:threshold") if test.tiers else test.threshold
    if threshold is None:
        return 1.0
    return round(min(1.0, abs(value - threshold) / max(abs(threshold), 1e-9)), 6)


def _inputs(clause: Clause, row) -> list[dict[str, Any]]:
    """The figures the clause read, each with its fiscal year (none for enterprise-level fields)."""
    year = row.get("__year")
    out = []
    for code, k in sorted(test_needs(clause.test), key=lambda n: (n[0], n[1])):
        field = BY_CODE[code]
        value = row.get(column(code, k))
        if field.level == "enterprise" and any(o["field"] == code for o in out):
            continue
        out.append({"field": code, "label": field.label, "unit": field.unit,
                    "year": None if field.level == "enterprise" or year is None else year + k,
                    "value": value.isoformat() if hasattr(value, "isoformat") else value})
    return out


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def _chosen_option(test: BestOf, row) -> Bands:
    """The points table that gave the enterprise its points (the first one when nothing is known)."""
    best, best_points = test.options[0], -1.0
    for option in test.options:
        band = _band_of(option, _plain_value(option.value, row))
        if band is not None and _low_points(band) > best_points:
            best, best_points = option, _low_points(band)
    return best


def _get(row, code: str, year: int):
    value = row.get(column(code, year))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) / 100 if BY_CODE[code].kind == "percent" else float(value)
    return value


def _plain_value(v: Value, row) -> float | None:
    """An input, sum or ratio over its window, for a best-of or any-of option (the evaluator keeps only the
    clause's points or status, not each option's value)."""
    parts = [_window(row, code, v) for code in v.inputs()]
    if any(x is None for x in parts):
        return None
    if v.ratio:
        return None if parts[1] == 0 else parts[0] / parts[1]
    return float(min(parts)) if v.min_of else float(sum(parts))


def _window(row, code: str, value: Value) -> float | None:
    """An input summed over the value's window as the evaluator did (years before founding count as 0)."""
    total = 0.0
    for k in value.offsets():
        x = _get(row, code, k)
        if x is None:
            if value.since_founding and _before_founding(row, k):
                continue
            return None
        total += x
    return total


def _before_founding(row, k: int) -> bool:
    founded, year = row.get("founded_on"), row.get("__year")
    return founded is not None and year is not None and founded.year > year + k


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
    if unit in ("人", "项", "天", "分", "年"):
        return f"{value:.2f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{value:,.2f} {unit}".strip()


def _threshold(test, row=None, clause_id: str = "") -> str:
    if isinstance(test, Compare):
        if test.tiers:
            return _tiers_text(test, row, clause_id)
        each = f"近 {len(test.value.offsets())} 年每年 " if test.every_year else ""
        return f"{each}{test.op} {_fmt(test.threshold, test.value.unit)}"
    if isinstance(test, AnyOf):
        return " 或 ".join(_option_label(o) + f" {_threshold(o)}" for o in test.options)
    if isinstance(test, LevelPoints):
        labels = dict(BY_CODE[test.input].choices)
        return "；".join(f"{labels[level]} {_num(points)} 分" for level, points in test.points.items())
    if isinstance(test, Bands):
        return "；".join(f"{b.label}：{_points_text(b.points)}" for b in test.bands)
    if isinstance(test, Flag):
        return f"= {'是' if test.expect else '否'}"
    if isinstance(test, TitleHeld):
        if not test.required:
            return f"本版本不要求持有{TITLE_BY_CODE[test.title].label}称号"
        if test.recognized_in is not None:
            return f"{_fiscal_year(test.recognized_in)}新认定的{TITLE_BY_CODE[test.title].label}，且在有效期内"
        return f"持有有效的{TITLE_BY_CODE[test.title].label}称号"
    if isinstance(test, Within):
        if not test.expect:
            return f"近 {test.years} 个会计年度内未发生"
        rank = f"排名不超过第 {test.max_rank} 名" if test.max_rank else "有记录"
        return f"近 {test.years} 个会计年度内{rank}"
    if isinstance(test, AtLeastLevel):
        return f"{dict(BY_CODE[test.input].choices)[test.level]}及以上"
    if isinstance(test, Age):
        return f"成立{_OP_WORDS[test.op]} {test.days} 天"
    if isinstance(test, ChoiceIn):
        field = BY_CODE[test.input]
        names = "、".join(field.choice_label(v) for v in test.values)
        empty = {"pass": "；未填视为符合", "fail": "；未填视为不符合", "unknown": ""}[test.empty]
        return f"{field.label}{'不' if test.negate else ''}属于 {names}{empty}"
    if isinstance(test, IndustryNotIn):
        return test.label or f"行业代码不以 {'、'.join(test.prefixes)} 开头"
    if isinstance(test, Filled):
        return f"已认定{BY_CODE[test.input].label}"
    if isinstance(test, Expert):
        return f"专家评分，满分 {_num(test.max)} 分"
    if isinstance(test, SmeSize):
        category = standard(test.standard).category_of(row.get("industry_code") if row else None)
        return f"中小企业（{category.describe()}）" if category else "中小企业（按所属行业的划型标准）"
    return ""


def _tiers_text(test: Compare, row, clause_id: str) -> str:
    unit = test.value.unit
    applied = row.get(f"{clause_id}:threshold") if row else None
    if applied is not None:
        tier = next(t for t in test.tiers.rows if t.threshold == applied)
        return f"{test.op} {_fmt(applied, unit)}（{tier.label}）"
    return "；".join(f"{t.label}：{test.op} {_fmt(t.threshold, unit)}" for t in test.tiers.rows)


def _gap(clause: Clause, test, row, value, status: str) -> str:
    if isinstance(test, Expert):
        return _expert_gap(test, row, clause.id, value)
    if status == "unknown":
        if isinstance(test, (Compare, Bands)) and value is None and _inputs_known(clause, row):
            return "数据齐全但无法计算（分母或增长基数为 0 或为负），需人工判断"
        return "数据不足，无法判断"
    if isinstance(test, Compare):
        return _compare_gap(test, row, value, status, clause.id)
    if isinstance(test, AnyOf):
        return _any_of_gap(test, row, status)
    if isinstance(test, LevelPoints):
        raw = row.get(column(test.input, test.year))
        return f"{BY_CODE[test.input].choice_label(raw)}：{_num(test.points[raw])} 分"
    if isinstance(test, Bands):
        return _band_gap(test, row, value)
    if isinstance(test, Age) and status == "fail":
        return f"成立 {value:g} 天，还差 {test.days - value:g} 天"
    if isinstance(test, IndustryNotIn) and status == "fail":
        return f"行业代码 {row.get('industry_code')} 属于排除行业"
    if isinstance(test, SmeSize) and status == "fail":
        return f"按{_threshold(test, row)}判定为大型企业"
    if status == "pass":
        return ""
    if isinstance(test, Flag):
        return f"不符合：{clause.label}"
    return f"不满足：{_threshold(test, row)}"


_YEARS_SINCE = {"founded_on": "成立年限", "niche_since": "从事细分市场年限"}
_GROWTH = {"mean_ratio": "平均增长率", "cagr": "复合增长率", "last_ratio": "增长率"}


def _value_label(v: Value) -> str:
    if v.years_since:
        return _YEARS_SINCE.get(v.years_since, f"自{BY_CODE[v.years_since].label}起的年数")
    if v.min_of:
        return "、".join(BY_CODE[c].label for c in v.min_of) + "孰低"
    if v.input:
        return BY_CODE[v.input].label
    if v.growth:
        return BY_CODE[v.growth].label + _GROWTH[v.method]
    if v.ratio:
        return f"{BY_CODE[v.ratio[0]].label}占{BY_CODE[v.ratio[1]].label}比例"
    return "+".join(BY_CODE[c].label for c in (v.sum_of or v.count_true))


def _compare_gap(test: Compare, row, value, status: str, clause_id: str) -> str:
    unit = test.value.unit
    threshold = row.get(f"{clause_id}:threshold") if test.tiers else test.threshold
    if value is None:
        verdict = "符合" if status == "pass" else "不符合"
        return f"{_value_label(test.value)}无法计算（分母为 0），按{verdict}处理"
    shown = f"{_value_label(test.value)} {_fmt(value, unit)}"
    if threshold is None:
        return shown if status == "pass" else f"{shown}，低于各档门槛"
    if status == "pass":
        return f"{shown}，{_OP_WORDS[test.op]} {_fmt(threshold, unit)}"
    diff = abs(value - threshold)
    verb = "减少" if test.op in ("<=", "<") else "增加"
    if diff == 0:  # a strict comparison at its threshold
        return f"{shown}，须{_OP_WORDS[test.op]} {_fmt(threshold, unit)}"
    need = _ratio_need(test.value, row, threshold) if test.value.ratio and verb == "增加" else ""
    missed = "超出" if verb == "减少" else "未达到"
    return f"{shown}，{missed}{_OP_WORDS[test.op]} {_fmt(threshold, unit)} 的要求：需{verb} {_fmt(diff, unit)}{need}"


def _option_label(option) -> str:
    return BY_CODE[option.input].label if isinstance(option, Flag) else _value_label(option.value)


def _any_of_gap(test: AnyOf, row, status: str) -> str:
    shown = []
    for option in test.options:
        if isinstance(option, Flag):
            raw = _get(row, option.input, option.year)
            shown.append(f"{_option_label(option)}：{'未知' if raw is None else ('是' if raw else '否')}")
            continue
        value = _plain_value(option.value, row)
        text = "未知" if value is None else _fmt(value, option.value.unit)
        required = f"{option.op} {_fmt(option.threshold, option.value.unit)}"
        shown.append(f"{_value_label(option.value)} {text}（要求 {required}）")
    return ("满足其一：" if status == "pass" else "均不满足：") + "；".join(shown)


def _ratio_need(v: Value, row, target: float) -> str:
    num_code, den_code = v.ratio
    num, den = _window(row, num_code, v), _window(row, den_code, v)
    if num is None or den is None:
        return ""
    f = BY_CODE[num_code]
    amount = target * den - num
    span = f"（近 {len(v.offsets())} 年合计）" if v.years else ""
    if f.kind == "int":
        return f"，即再增加{f.label} {math.ceil(amount - 1e-9)} {f.unit}{span}（{BY_CODE[den_code].label}不变）"
    return f"，即再投入{f.label} {amount:,.2f} {f.unit}{span}（{BY_CODE[den_code].label}不变）"


def _band_gap(test: Bands, row, value: float | None) -> str:
    """Where the value stands and the nearest band worth more points: above it (reach X) or, in tables where
    less is better (资产负债率), below it (bring it under X); in the numerator's own unit where possible."""
    current = _band_of(test, value)
    if current is None:
        return f"{_value_label(test.value)}无法计算（分母为 0 或增长基数不为正），按 {_num(test.when_undefined)} 分计"
    unit = test.value.unit
    where = f"{_shown(test.value, value)}（{current.label}，{_points_text(current.points)}）"
    better = [b for b in test.bands if _low_points(b) > _low_points(current)]
    above = [b for b in better if b.from_ is not None and b.from_ > value]
    below = [b for b in better if b.to is not None and b.to <= value]
    if above:
        target = min(above, key=lambda b: b.from_)
        needed = _needed(test, row, value, target)
        reward = f"达到 {_fmt(target.from_, unit)} 可得 {_points_text(target.points)}"
        return f"{where}，{reward}" + (f"：{needed}" if needed else "")
    if below:
        target = max(below, key=lambda b: b.to)
        return f"{where}，降至 {_fmt(target.to, unit)} 以下可得 {_points_text(target.points)}"
    return f"{where}，{TOP_BAND}"


def _shown(v: Value, value: float) -> str:
    """A measured value for display: yes/no inputs as 是/否, others with their unit."""
    if v.input and BY_CODE[v.input].kind == "bool":
        return "是" if value else "否"
    return _fmt(value, v.unit)


def _needed(test: Bands, row, value: float, target: Band) -> str:
    v = test.value
    if v.input and not v.years:
        f = BY_CODE[v.input]
        amount = target.from_ - value
        return f"需再增加{f.label} {_fmt(math.ceil(amount) if f.kind == 'int' else amount, f.unit)}"
    if not v.ratio:
        return ""
    num_code, den_code = v.ratio
    num, den = _window(row, num_code, v), _window(row, den_code, v)
    if num is None or den is None:
        return ""
    f = BY_CODE[num_code]
    amount = target.from_ * den - num
    if f.kind == "int":
        return f"需再增加{f.label} {math.ceil(amount - 1e-9)} {f.unit}（{BY_CODE[den_code].label}不变）"
    return f"需再投入{f.label} {amount:,.2f} {f.unit}（{BY_CODE[den_code].label}不变）"


def _expert_gap(test: Expert, row, clause_id: str, value) -> str:
    if value is not None:
        return f"专家评分 {_num(value)} 分（满分 {_num(test.max)} 分）"
    lo, hi = row[f"{clause_id}:pmin"], row[f"{clause_id}:pmax"]
    return f"专家尚未评分；按现有数据估计 {_num(lo)}–{_num(hi)} 分，需录入{BY_CODE[test.input].label}"


def _inputs_known(clause: Clause, row) -> bool:
    return all(row.get(column(code, k)) not in (None, "") for code, k in test_needs(clause.test))


def _missing(clause: Clause, row) -> list[str]:
    test = clause.test
    if isinstance(test, TitleHeld):
        return ["titles"]
    if isinstance(test, Age):
        return ["founded_on"] if row.get("founded_on") is None else []
    needed = test_needs(test)
    return sorted({code for code, k in needed
                   if row.get(column(code, k)) in (None, "") and not _before_founding(row, k)})


def _fiscal_year(k: int) -> str:
    """A fiscal year relative to the assessment year Y, in words."""
    return {0: "本年度", -1: "上年度", -2: "前年度"}.get(k, f"评价年度{k:+d}年")
