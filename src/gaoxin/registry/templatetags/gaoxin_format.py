"""Display filters: money in 万元 / 亿元 as zone staff read it, and contract values in Chinese."""

from __future__ import annotations

from decimal import Decimal

from django import template

from gaoxin.accounts.masking import Hidden
from gaoxin.contract.fields import BY_CODE
from gaoxin.contract.titles import TITLE_BY_CODE

register = template.Library()


@register.filter
def wan(value) -> str:
    """An amount stored in 万元: “1,234.56 万元”, or “1.23 亿元” from 1 亿 up. Empty shows as “—”."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Hidden):
        return str(value)
    amount = Decimal(str(value))
    if abs(amount) >= 10000:
        return f"{amount / 10000:,.2f} 亿元"
    return f"{amount:,.2f} 万元"


@register.filter
def amount(value, places: int = 2) -> str:
    """An amount in 万元 to `places` decimals with thousands separators; a withheld one as 不公开, none as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, Hidden):
        return str(value)
    return f"{Decimal(str(value)):,.{int(places)}f}"


@register.filter
def figure(value, code: str) -> str:
    """A figure shown with its unit as the data dictionary defines it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Hidden):
        return str(value)
    f = BY_CODE[code]
    if f.kind == "money":
        return wan(value)
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "enum":
        return f.choice_label(value)
    if isinstance(value, Decimal):
        value = f"{value.normalize():f}"
    return f"{value} {f.unit}".strip()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def get_attr(obj, name: str):
    return getattr(obj, name, None)


@register.filter
def field_label(code: str) -> str:
    """The Chinese label of a contract field code (audit history shows labels, not code names)."""
    f = BY_CODE.get(code)
    return f.label if f else {"park": "所属园区/街道", "titles": "称号记录"}.get(code, code)


@register.filter
def title_label(code: str) -> str:
    title = TITLE_BY_CODE.get(code)
    return title.label if title else code


@register.filter
def verdict_label(verdict: str) -> str:
    return {"qualified": "符合条件", "not_qualified": "不符合条件", "insufficient_data": "数据不足，暂无法判断"}.get(
        verdict, verdict)


@register.filter
def status_label(status: str) -> str:
    return {"pass": "满足", "fail": "不满足", "unknown": "未知"}.get(status, status)


@register.filter
def points_text(points) -> str:
    if isinstance(points, list):
        return f"{points[0]}–{points[1]}"
    return str(points)


@register.filter
def count_status(clauses: list[dict], status: str) -> int:
    """How many of an evaluation's clauses have this status (fail / unknown): the ladder's 差几项."""
    return sum(1 for c in clauses if c.get("status") == status)
