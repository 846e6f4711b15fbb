"""服务与跟踪's background job: importing an uploaded 重大项目 sheet (queued by `imports.queue_projects`)."""

from __future__ import annotations

from gaoxin.jobs.services import handler
from gaoxin.registry.uploads import outcome_message
from gaoxin.tracking.imports import run_projects


@handler("tracking_projects")
def projects_job(params: dict, progress) -> str:
    """params: batch (id). All or nothing; the batch page shows the outcome and its errors."""
    progress(1, "正在读取并检查重大项目表")
    return outcome_message(run_projects(int(params["batch"])))
