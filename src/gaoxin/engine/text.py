"""How numbers read in explanations: units, ranges and the words for comparisons, in one place."""

from __future__ import annotations

import math

OP_WORDS = {">=": "不低于", ">": "高于", "<=": "不超过", "<": "低于", "==": "等于"}
WHOLE_UNITS = ("人", "项", "天", "分", "年")


def num(x):
    """A number as JSON shows it: an integer when whole, else 6 decimals; None stays None."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if unit in WHOLE_UNITS:
        return f"{value:.2f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{value:,.2f} {unit}".strip()


def points_text(points) -> str:
    if isinstance(points, tuple):
        return f"{num(points[0])}–{num(points[1])} 分"
    return f"{num(points)} 分"


def informative(x) -> bool:
    """A bound worth printing: known and finite."""
    return x is not None and not (isinstance(x, float) and (math.isinf(x) or math.isnan(x)))


def range_text(lo, hi, unit: str) -> str:
    """Where a partly known value lies: 至少 X, 最多 Y, or X–Y."""
    low, high = informative(lo), informative(hi)
    if low and high:
        return fmt(lo, unit) if lo == hi else f"在 {fmt(lo, unit)} 至 {fmt(hi, unit)} 之间"
    if low:
        return f"至少 {fmt(lo, unit)}"
    if high:
        return f"最多 {fmt(hi, unit)}"
    return "未知"


def fiscal_year(k: int) -> str:
    """A fiscal year relative to the assessment year Y, in words."""
    return {0: "本年度", -1: "上年度", -2: "前年度"}.get(k, f"评价年度{k:+d}年")
