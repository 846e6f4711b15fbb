"""Who may follow a background job: whoever started it, and zone staff (who run the zone's jobs)."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("jobs.read", "无权查看该任务")
def read(scope: Scope, job) -> bool:
    return scope.is_staff or scope.is_user(job.created_by_id)
