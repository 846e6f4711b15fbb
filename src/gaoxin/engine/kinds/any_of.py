"""Passes when any one comparison or flag does (营业收入 ≥ 1000 万元，或新增股权融资 ≥ 2000 万元)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.kinds.base import Ctx, Kind, Row
from gaoxin.engine.kinds.compare import Compare
from gaoxin.engine.kinds.flag import Flag
from gaoxin.engine.text import fmt, range_text
from gaoxin.engine.value import label


class AnyOf(Kind):
    kind: Literal["any_of"]
    options: tuple[Compare | Flag, ...]

    def inputs(self) -> tuple[str, ...]:
        return tuple(c for o in self.options for c in o.inputs())

    def reads(self) -> set[tuple[str, int]]:
        return set().union(*(o.reads() for o in self.options))

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        parts = [o.columns(ctx) for o in self.options]
        statuses = [p["status"] for p in parts]
        status = pl.when(pl.any_horizontal(s == 1 for s in statuses)).then(1).when(
            pl.all_horizontal(s == 0 for s in statuses)).then(0).otherwise(None).cast(pl.Int8)
        out = {"status": status}
        if ctx.explain:
            for i, p in enumerate(parts):
                out |= {f"o{i}:{name}": expr for name, expr in p.items()}
        return out

    def threshold_text(self, row: Row | None) -> str:
        return " 或 ".join(_option_label(o) + f" {o.threshold_text(None)}" for o in self.options)

    def gap_text(self, label_: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        shown = []
        for i, option in enumerate(self.options):
            sub = row.sub(i)
            if isinstance(option, Flag):
                raw = sub.raw(option.input, option.year)
                shown.append(f"{_option_label(option)}：{'未知' if raw is None else ('是' if raw else '否')}")
                continue
            value, unit = sub.get("value"), option.value.unit
            text = fmt(value, unit) if value is not None else range_text(sub.get("lo"), sub.get("hi"), unit)
            shown.append(f"{label(option.value)} {text}（要求 {option.op} {fmt(option.threshold, unit)}）")
        return ("满足其一：" if status == "pass" else "均不满足：") + "；".join(shown)


def _option_label(option) -> str:
    return BY_CODE[option.input].label if isinstance(option, Flag) else label(option.value)
