"""The 免申即享 run's state machine: generated → submitted for approval → approved (and paid through programs) or
returned; a run not yet approved may be cancelled. The approver must not be the person who generated it."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.accounts.recipients import staff_users
from gaoxin.workflow.machine import Edge, Machine

RUN = Machine(
    name="award_run",
    states={"draft": "已生成，待提交审批", "submitted": "待审批", "approved": "已批准，转入资金拨付",
            "returned": "已退回", "cancelled": "已作废"},
    edges=(
        Edge("submit", "提交审批", ("draft",), "submitted", "benefits.run"),
        Edge("approve", "批准", ("submitted",), "approved", "benefits.approve_run"),
        Edge("return", "退回", ("submitted",), "returned", "benefits.approve_run", needs_reason=True),
        Edge("cancel", "作废", ("draft", "returned"), "cancelled", "benefits.run", needs_reason=True),
    ),
    tasks=lambda run, state: [(u, f"审批免申即享名单：{run}") for u in staff_users() if u.pk != run.created_by_id]
    if state == "submitted" else [],
    watchers=lambda run: [run.created_by] if run.created_by else [],
    link=lambda run: reverse("benefits:run", args=[run.pk]),
)
