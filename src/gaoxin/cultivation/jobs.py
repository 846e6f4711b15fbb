"""Background job handlers of the cultivation domain."""

from __future__ import annotations

from gaoxin.cultivation.services import evaluate_enterprises, refresh_stale
from gaoxin.jobs.services import handler


@handler("evaluate")
def evaluate_job(params: dict, progress) -> str:
    """params: year; `enterprises` (ids) or `stale_only` (refresh what changed) or neither (the whole zone)."""
    year = int(params["year"])
    if params.get("stale_only"):
        stored = refresh_stale(year, progress)
    else:
        stored = evaluate_enterprises(year, params.get("enterprises"), progress)
    return f"{year} 年度评价完成：写入 {stored} 条结论"
