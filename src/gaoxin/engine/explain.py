"""Explanations a zone officer can read: per clause the value, the threshold, the result and the gap, in Chinese.

Rendered from the evaluator's result row, whose columns already hold every number shown (the value, its range,
the applied tier, a ratio's numerator and denominator, a derived input's bounds and the rule that gave them), so
this per-enterprise step formats and never computes. Each clause kind writes its own threshold and gap text
(`kinds/`); this module adds what every clause has: status, points, missing figures and the inputs read. The
output follows the data contract's JSON shape.
"""

from __future__ import annotations

from typing import Any

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.bounds import Candidate, candidates
from gaoxin.engine.frame import column
from gaoxin.engine.kinds import TOP_BAND, Row  # noqa: F401 - TOP_BAND: readers test gaps for it
from gaoxin.engine.schema import Clause, Pack
from gaoxin.engine.text import fmt, num
from gaoxin.engine.value import Value

STATUS = {1: "pass", 0: "fail", None: "unknown"}


def result_json(pack: Pack, row: dict[str, Any], year: int) -> dict[str, Any]:
    verdict = {1: "qualified", 0: "not_qualified"}.get(row["verdict_code"], "insufficient_data")
    smin, smax = row.get("score_min"), row.get("score_max")
    return {
        "credit_code": row["credit_code"],
        "name": row.get("name"),
        "assessment_year": year,
        "policy": pack.policy,
        "policy_version": pack.id,
        "policy_name": pack.name,
        "policy_notice": pack.notice,
        "verdict": verdict,
        "score": num(smin) if smin is not None and smin == smax else None,
        "score_range": [num(smin), num(smax)] if smin is not None else None,
        "pass_mark": num(pack.score.pass_mark) if pack.score else None,
        "sub_scores": [_group_json(g, row) for g in pack.score.groups] if pack.score else [],
        "clauses": [clause_json(c, row, year) for c in pack.clauses],
    }


def _group_json(group, row) -> dict[str, Any]:
    lo, hi = row[f"group:{group.id}:min"], row[f"group:{group.id}:max"]
    return {"id": group.id, "label": group.label, "points": num(lo) if lo == hi else [num(lo), num(hi)],
            "minimum": num(group.minimum)}


def clause_json(clause: Clause, row: dict[str, Any], year: int | None = None) -> dict[str, Any]:
    test = clause.test
    view = Row(row, clause.id, year)
    status = STATUS[row[f"{clause.id}:status"]]
    pmin, pmax = view.get("pmin", 0.0), view.get("pmax", 0.0)
    value = test.shown_value(view)
    out = {
        "id": clause.id,
        "label": clause.label,
        "article": clause.article,
        "status": status,
        "value": round(value, 6) if isinstance(value, float) else value,
        "threshold": test.threshold_text(view),
        "points": num(pmin) if pmin == pmax else [num(pmin), num(pmax)],
        "gap": test.gap_text(clause.label, view, status),
        "missing": _missing(test, view) if status == "unknown" else [],
        "shortfall": test.shortfall(view) if status == "fail" else 0.0,
        "inputs": inputs_read(test, view),
        "measure": _measure(test),
    }
    lo, hi = view.get("lo"), view.get("hi")
    if value is None and (lo is not None or hi is not None):
        out["range"] = [_plain(lo), _plain(hi)]
    if test.reads_title():
        out["title"] = test.reads_title()
    return out


def _measure(test) -> dict:
    """The kind of value the clause shows (a share or a figure) and every field it reads; a clause of several
    values (any_of, best_of) or none is `other`."""
    fields = sorted({code for code, _ in test.reads()})
    value = getattr(test, "value", None)
    if isinstance(value, Value):
        return value.measure() | {"fields": fields}
    return {"kind": "other", "unit": "", "fields": fields}


def _plain(x):
    return None if x is None or x in (float("inf"), float("-inf")) else round(x, 6)


def _missing(test, view: Row) -> list[str]:
    """Blank inputs that could still change the result: not those a rule derives exactly."""
    return [code for code in test.missing(view) if not _all_exact(test, view, code)]


def _all_exact(test, view: Row, code: str) -> bool:
    return all(_derived_point(view, c, k) is not None for c, k in test.reads() if c == code
               and view.raw(c, k) in (None, ""))


def inputs_read(test, view: Row) -> list[dict[str, Any]]:
    """The figures the clause read, each with its fiscal year (none for enterprise-level fields); a blank one
    that a rule bounds or fixes is shown as derived, with its formula and the figures it came from."""
    out: list[dict[str, Any]] = []
    for code, k in sorted(test.reads(), key=lambda n: (n[0], n[1])):
        field = BY_CODE[code]
        if field.level == "enterprise" and any(o["field"] == code for o in out):
            continue
        value = view.raw(code, k)
        entry = {"field": code, "label": field.label, "unit": field.unit,
                 "year": None if field.level == "enterprise" or view.year is None else view.year + k,
                 "value": value.isoformat() if hasattr(value, "isoformat") else value, "derived": False}
        if value is None:
            entry |= derived_input(view, code, k)
        out.append(entry)
    return out


def _derived_point(view: Row, code: str, k: int) -> float | None:
    col = column(code, k)
    lo, hi = view.data.get(f"~{col}:lo"), view.data.get(f"~{col}:hi")
    return lo if lo is not None and lo == hi and view.data.get(f"~{col}:lo_by") is not None else None


def derived_input(view: Row, code: str, k: int) -> dict[str, Any]:
    """What the rules say about a blank input: its value when they fix it, else the bound(s) they give, each
    with the rule, its formula in words, the figures it read and one line of text."""
    col = column(code, k)
    lo, hi = view.data.get(f"~{col}:lo"), view.data.get(f"~{col}:hi")
    lo_by, hi_by = view.data.get(f"~{col}:lo_by"), view.data.get(f"~{col}:hi_by")
    if lo_by is None and hi_by is None:
        return {}
    field = BY_CODE[code]
    unit = field.unit if field.kind != "percent" else "%"
    shown = (lambda x: fmt(x, unit)) if field.kind != "percent" else (lambda x: fmt(x, "%"))
    used = [candidates(code, k, side)[i] for side, i in (("lo", lo_by), ("hi", hi_by)) if i is not None]
    sources = _sources(view, used)
    if lo is not None and lo == hi and lo_by is not None:
        text = f"{field.label} {shown(lo)}（= {_formula_text(view, used[0], code, k)}，推算）"
        return {"value": _scale_back(field, lo), "derived": True, "formula": used[0].rule.formula,
                "rule": used[0].rule.id, "from": sources, "text": text}
    parts, entry = [], {"derived": True, "from": sources}
    if lo_by is not None:
        entry["at_least"] = _scale_back(field, lo)
        parts.append(f"至少 {shown(lo)}（{_bound_text(view, candidates(code, k, 'lo')[lo_by])}）")
    if hi_by is not None:
        entry["at_most"] = _scale_back(field, hi)
        parts.append(f"最多 {shown(hi)}（{_bound_text(view, candidates(code, k, 'hi')[hi_by])}）")
    entry["formula"] = "；".join(dict.fromkeys(c.rule.formula for c in used))
    entry["rule"] = "；".join(dict.fromkeys(c.rule.id for c in used))
    entry["text"] = f"{field.label} " + "，".join(parts) + "，推算"
    return entry


def _scale_back(field, value: float) -> float:
    """A bound in the contract's own unit (percent fields as 0–100, like the figure itself)."""
    return round(value * 100, 6) if field.kind == "percent" else round(value, 6)


def _sources(view: Row, used: list[Candidate]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for c in used:
        for code, j in c.sources:
            if (code, j) in seen:
                continue
            seen.add((code, j))
            if code.startswith("cum:"):
                flow = code.removeprefix("cum:")
                value = view.data.get(f"cum:{flow}@{j}")
                out.append({"field": flow, "label": f"截至 {_year(view, j)} 年各年{_short(flow)}之和",
                            "year": None if view.year is None else view.year + j, "value": value})
                continue
            value = view.raw(code, j)
            out.append({"field": code, "label": BY_CODE[code].label,
                        "year": None if BY_CODE[code].level == "enterprise" or view.year is None else view.year + j,
                        "value": value.isoformat() if hasattr(value, "isoformat") else value})
    return out


def _short(code: str) -> str:
    """A field's label without its parenthetical (新增股权融资（合格机构投资者实缴） → 新增股权融资)."""
    return BY_CODE[code].label.split("（")[0]


def _year(view: Row, j: int) -> str:
    return str(view.year + j) if view.year is not None else f"Y{j:+d}"


def _figure(view: Row, code: str, j: int) -> str:
    """A source figure as the formula shows it: its value, or 未填 where it is blank too."""
    value = view.raw(code, j)
    if value is None:
        return f"{BY_CODE[code].label}（未填）"
    if hasattr(value, "year") and not isinstance(value, (int, float)):
        return f"{BY_CODE[code].label} {value.year} 年"
    return f"{BY_CODE[code].label} {fmt(float(value), '')}"


def _formula_text(view: Row, c: Candidate, code: str, k: int) -> str:
    """An exact derivation written out with its figures: 资产总额 11,200.00 − 负债总额 4,000.00."""
    if c.how == "part":
        whole, *others = c.sources
        return " − ".join([_figure(view, *whole), *(_figure(view, *o) for o in others)])
    if c.how == "whole":
        return " + ".join(_figure(view, *s) for s in c.sources)
    return _bound_text(view, c)


def _bound_text(view: Row, c: Candidate) -> str:
    """Where a bound comes from, in words with its figures."""
    code, j = c.sources[0]
    if c.how == "cumulative":
        flow = code.removeprefix("cum:")
        total = view.data.get(f"cum:{flow}@{j}") or 0.0
        return f"≥ 截至 {_year(view, j)} 年各年{_short(flow)}之和 {fmt(total, '')}"
    if c.how == "monotone":
        sign = "≥" if c.side == "lo" else "≤"
        return f"{sign} {_year(view, j)} 年{_figure(view, code, j)}（{c.rule.formula}）"
    if c.how == "flow":
        return f"≤ {_year(view, j)} 年{_figure(view, code, j)}（{c.rule.formula}）"
    if c.how == "after":
        return f"≥ {_figure(view, code, j)}（{c.rule.formula}）"
    if c.how == "whole":
        return "≥ " + " + ".join(_figure(view, *s) for s in c.sources) if c.side == "lo" else (
            "≤ " + " + ".join(_figure(view, *s) for s in c.sources))
    whole, *others = c.sources
    sign = "≤" if c.side == "hi" else "≥"
    return f"{sign} " + " − ".join([_figure(view, *whole), *(_figure(view, *o) for o in others)])
