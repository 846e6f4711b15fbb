"""Background job handlers of the dashboard."""

from __future__ import annotations

import datetime as dt

from gaoxin.dashboard.snapshot import warm
from gaoxin.jobs.services import handler


@handler("dashboard_warm")
def warm_job(params: dict, progress) -> str:
    """Rebuild the zone's dashboard snapshot of this year after a change (queued by `snapshot.data_changed`)."""
    year = int(params.get("year") or dt.date.today().year)
    computed = warm(year)
    return f"驾驶舱 {year} 年度数据已更新（{computed:%H:%M:%S}）"
