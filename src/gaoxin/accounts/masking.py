"""Which figures a scope may read, applied to every output: pages, Excel, the API, reports and explanations.

The rule is `registry.read_money`: a scope that may not read enterprises' money figures (a park liaison) gets
every money field as 不公开, wherever it would appear:
- figure rows (a year's figures, a filing, an audit entry's old and new values, chart series);
- explanations of verdicts and benefit matches: a clause's inputs and the figures a derived input came from; its
  value, range and shortfall when the value is an amount (a share — 研发费用占比, 增长率 — stays, it reveals no
  amount); and its gap text, which a kind may write with amounts (需再投入研发费用 … 万元), rewritten from the
  status, the threshold and, for a share, the value (decision 0013);
- a benefit's amount when it is computed from money figures (a fixed award is public policy).

Thresholds stay: they are the policy's published figures, including which revenue band's threshold applies.
"""

from __future__ import annotations

from typing import Any

from gaoxin.accounts.scope import Scope
from gaoxin.contract.fields import ENTERPRISE_FIELDS, FIGURE_FIELDS

MONEY = frozenset(f.code for f in (*ENTERPRISE_FIELDS, *FIGURE_FIELDS) if f.kind == "money")


class Hidden(str):
    """A figure the scope may not read. It prints as 不公开 and is never a number (the format filters pass it as
    it is, a spreadsheet cell gets the text)."""

    __slots__ = ()


HIDDEN = Hidden("不公开")
HIDDEN_CELL = "（不公开）"
NOTE = "（金额不公开）"


def hidden_fields(who) -> frozenset[str]:
    """The contract fields this scope (or user) reads as 不公开."""
    return frozenset() if Scope.of(who).may("registry.read_money") else MONEY


def is_hidden(who, code: str) -> bool:
    return code in hidden_fields(who)


class Masked:
    """A read-only view of a model row (a year's figures, a filing) in which hidden fields read as HIDDEN."""

    def __init__(self, row: Any, hidden: frozenset[str]):
        self._row, self._hidden = row, hidden

    def __getattr__(self, name: str):
        value = getattr(self._row, name)
        return HIDDEN if name in self._hidden and value not in (None, "") else value


def rows(who, items) -> list:
    """Model rows as the scope may read them (the rows themselves when nothing is hidden)."""
    hidden = hidden_fields(who)
    return list(items) if not hidden else [Masked(item, hidden) for item in items]


def by_key(who, mapping: dict) -> dict:
    """{key: model row} with each row as the scope may read it."""
    hidden = hidden_fields(who)
    return mapping if not hidden else {k: Masked(v, hidden) for k, v in mapping.items()}


def values(who, mapping: dict[str, Any]) -> dict[str, Any]:
    """A {field code: value} mapping with hidden fields as HIDDEN (blank ones stay blank)."""
    hidden = hidden_fields(who)
    return {k: (HIDDEN if k in hidden and v not in (None, "") else v) for k, v in mapping.items()}


def withheld(hidden: frozenset[str], code: str, value):
    """One spreadsheet cell: the value, or （不公开） for a field in `hidden` (from `hidden_fields`, asked once
    per export rather than once per cell)."""
    return HIDDEN_CELL if value not in (None, "") and code in hidden else value


def series(who, chart: dict) -> dict:
    """Chart data {years, series: {code: [...]}, labels}: hidden series dropped, so nothing is drawn from them."""
    hidden = hidden_fields(who)
    return chart | {"series": {k: v for k, v in chart["series"].items() if k not in hidden},
                    "labels": {k: v for k, v in chart["labels"].items() if k not in hidden}}


def audit(who, entries) -> list:
    """Audit entries with the old and new values of hidden fields withheld."""
    hidden = hidden_fields(who)
    if not hidden:
        return list(entries)
    out = []
    for entry in entries:
        if entry.field in hidden:
            entry.old_value = HIDDEN if entry.old_value not in (None, "") else entry.old_value
            entry.new_value = HIDDEN if entry.new_value not in (None, "") else entry.new_value
        out.append(entry)
    return out


# ---- explanations -----------------------------------------------------------------------------------------------

def explanation(who, result: dict | None) -> dict | None:
    """A verdict's or a benefit match's explanation (the contract's result shape) as the scope may read it."""
    hidden = hidden_fields(who)
    if not hidden or not result:
        return result
    out = dict(result)
    out["clauses"] = [clause(c, hidden) for c in result.get("clauses", [])]
    if out.get("amount") is not None and amount_hidden(result, hidden):
        out["amount"], out["amount_masked"] = None, True
    return out


def explanations(who, results):
    hidden = hidden_fields(who)
    return results if not hidden else [explanation(who, r) for r in results]


def clause(c: dict, hidden: frozenset[str]) -> dict:
    """One clause with hidden figures withheld; a clause reading none is returned as it is."""
    if not reads_hidden(c, hidden):
        return c
    out = dict(c)
    out["inputs"] = [_input(i, hidden) for i in c.get("inputs", [])]
    share = (c.get("measure") or {}).get("kind") == "share"
    if not share:
        out["value"] = HIDDEN if c.get("value") is not None else None
        out.pop("range", None)
        out["shortfall"] = None
    out["gap"] = masked_gap(c, share)
    out["masked"] = True
    return out


def reads_hidden(c: dict, hidden: frozenset[str]) -> bool:
    for i in c.get("inputs", []):
        if i.get("field") in hidden or any(s.get("field") in hidden for s in i.get("from", [])):
            return True
    return bool(set((c.get("measure") or {}).get("fields", [])) & hidden)


def _input(i: dict, hidden: frozenset[str]) -> dict:
    out = dict(i)
    if i.get("field") in hidden:
        out["value"] = HIDDEN if i.get("value") is not None or i.get("derived") else None
        out["at_least"] = out["at_most"] = None
        out["masked"] = True
    if "from" in i:
        out["from"] = [s | {"value": HIDDEN} if s.get("field") in hidden and s.get("value") is not None else s
                       for s in i["from"]]
        if any(s.get("field") in hidden for s in i["from"]) or i.get("field") in hidden:
            out["text"] = f"{i.get('label', '')}（推算，所依据的财务数据不公开）"
    return out


def masked_gap(c: dict, share: bool) -> str:
    """The gap in words without any amount: status and threshold, and for a share its value."""
    threshold, status = c.get("threshold") or "", c.get("status")
    unit = (c.get("measure") or {}).get("unit", "")
    shown = f"当前 {_num(c.get('value'))}{unit}，" if share and c.get("value") is not None else ""
    required = f"（要求 {threshold}）" if threshold else ""
    if status == "pass":
        return f"{shown}满足要求{required}{NOTE}"
    if status == "fail":
        return f"{shown}未达到要求{required}{NOTE}"
    return f"数据不足，尚不能判断{required}{NOTE}"


def _num(value) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def amount_hidden(result: dict, hidden: frozenset[str]) -> bool:
    """Whether a benefit's amount is computed from hidden figures (stored results name them in `amount_from`;
    older ones are looked up in the benefit's definition)."""
    fields = result.get("amount_from")
    if fields is None:
        from gaoxin.engine.benefit import benefit_by_id

        try:
            benefit = benefit_by_id(result.get("policy_version", ""))
        except (KeyError, ValueError):
            return True
        fields = sorted({code for code, _ in benefit.amount.reads()})
    return bool(set(fields) & hidden)


def matches(who, rows):
    """Stored benefit matches (or verdicts) as the scope may read them: each explanation masked and an amount
    computed from hidden figures withheld. The rows are changed in memory for display only, never saved."""
    hidden = hidden_fields(who)
    rows = list(rows)
    if not hidden:
        return rows
    for row in rows:
        result = explanation(who, row.result)
        row.__dict__["_result"] = result
        if getattr(row, "amount", None) is not None and result and amount_hidden(result, hidden):
            row.amount = HIDDEN
    return rows


def amount(who, benefit, value):
    """A benefit's amount as the scope may read it: HIDDEN when computed from figures it may not read."""
    if value is None:
        return None
    hidden = hidden_fields(who)
    return HIDDEN if hidden and {code for code, _ in benefit.amount.reads()} & hidden else value

