"""政策模拟 for a benefit: change its thresholds or its amount rule and see, over the whole zone, how many
enterprises would qualify and what it would cost, beside the official rule — with every enterprise whose
qualification or amount changes, in an Excel file. Stored matches and the official file are untouched."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.utils import timezone
from openpyxl import Workbook

from gaoxin.benefits.runs import all_inputs
from gaoxin.engine.benefit import Benefit, benefit_sandbox, compare_cost, wan
from gaoxin.intake.xlsx import write_sheet
from gaoxin.jobs.services import Output
from gaoxin.registry.models import Enterprise


def simulate(benefit: Benefit, changes: dict[str, float], progress: Callable[[int, str], None] | None = None
             ) -> Output:
    sandboxed = benefit_sandbox(benefit, changes)
    on = timezone.localdate()
    inputs = all_inputs(progress)
    rows = compare_cost(benefit, sandboxed, inputs.table, on.year, on, inputs.titles)
    before, after = _totals(rows, "before"), _totals(rows, "after")
    changed = rows.filter((pl.col("qualified_before") != pl.col("qualified_after"))
                          | (pl.col("qualified_after") & (pl.col("amount_before") != pl.col("amount_after"))))
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    _workbook(benefit, changes, before, after, changed).save(path)
    message = (f"政策模拟“{benefit.name}”：官方规则 {before[0]} 家 {before[1].normalize():f} 万元；"
               f"调整后 {after[0]} 家 {after[1].normalize():f} 万元（变化 {changed.height} 家）")
    return Output(message, path, f"政策模拟_{benefit.code}_{on.isoformat()}.xlsx")


def _totals(rows: pl.DataFrame, side: str) -> tuple[int, Decimal]:
    qualified = rows.filter(pl.col(f"qualified_{side}"))
    cost = sum((wan(a) for a in qualified[f"amount_{side}"].drop_nulls().to_list()), Decimal(0))
    return qualified.height, cost


def _workbook(benefit: Benefit, changes: dict, before, after, changed: pl.DataFrame) -> Workbook:
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    write_sheet(summary, ["", "符合企业数", "预计资金（万元）"], [
        ["官方规则", before[0], float(before[1])], ["调整后", after[0], float(after[1])],
        ["变化", after[0] - before[0], float(after[1] - before[1])]])
    summary.append([])
    summary.append(["调整项", "新值"])
    for key, value in changes.items():
        summary.append([key, value])
    names = dict(Enterprise.objects.filter(credit_code__in=changed["credit_code"].to_list()).values_list(
        "credit_code", "name"))
    write_sheet(book.create_sheet("变化的企业"), ["统一社会信用代码", "企业名称", "原：符合", "原：金额（万元）",
                                                "调整后：符合", "调整后：金额（万元）"],
                [[r["credit_code"], names.get(r["credit_code"], ""), "是" if r["qualified_before"] else "否",
                  _money(r["amount_before"]), "是" if r["qualified_after"] else "否", _money(r["amount_after"])]
                 for r in changed.sort("credit_code").iter_rows(named=True)])
    return book


def _money(yuan: int | None) -> float | None:
    return None if yuan is None else float(wan(yuan))
