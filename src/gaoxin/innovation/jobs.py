"""创新服务's background job: importing carriers' yearly 火炬统计 figures (queued by `imports.queue_carrier_years`)."""

from __future__ import annotations

from gaoxin.innovation.imports import run_carrier_years
from gaoxin.jobs.services import handler
from gaoxin.registry.uploads import outcome_message


@handler("innovation_carriers")
def carriers_job(params: dict, progress) -> str:
    """params: batch (id). All or nothing; the batch page shows the outcome and its errors."""
    progress(1, "正在读取并检查孵化载体历年统计")
    return outcome_message(run_carrier_years(int(params["batch"])))
