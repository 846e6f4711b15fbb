"""Evaluation results as an Excel workbook: a summary sheet and one row per clause."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.intake.xlsx import workbook_bytes, write_sheet

VERDICT_LABELS = {"qualified": "符合", "not_qualified": "不符合", "insufficient_data": "数据不足"}
STATUS_LABELS = {"pass": "满足", "fail": "不满足", "unknown": "未知"}


def results_workbook(results: list[dict]) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "评价结论"
    write_sheet(summary, ["统一社会信用代码", "企业名称", "评价年度", "政策版本", "结论", "得分", "得分区间"],
                [(r["credit_code"], r["name"], r["assessment_year"], r["policy_version"],
                  VERDICT_LABELS[r["verdict"]], r["score"], _range(r["score_range"])) for r in results])
    detail = book.create_sheet("条款明细")
    write_sheet(detail, ["统一社会信用代码", "企业名称", "政策版本", "条款", "条款名称", "依据", "结果", "得分",
                         "差距说明", "缺少的数据"],
                [(r["credit_code"], r["name"], r["policy_version"], c["id"], c["label"], c["article"],
                  STATUS_LABELS[c["status"]], _range(c["points"]) if isinstance(c["points"], list) else c["points"],
                  c["gap"], "、".join(c["missing"])) for r in results for c in r["clauses"]])
    return workbook_bytes(book)


def _range(pair) -> str | None:
    return None if not pair else (str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}–{pair[1]}")
