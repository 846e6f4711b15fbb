"""The 免申即享 run's state machine: generated → submitted for approval → approved (and paid through programs) or
returned; a run not yet approved may be cancelled. The approver must not be the person who generated it."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.accounts.roles import is_zone_staff
from gaoxin.programs.machines import staff_users
from gaoxin.workflow.machine import Edge, Machine


def _staff(user, run) -> bool:
    return is_zone_staff(user)


def _second_pair_of_eyes(user, run) -> bool:
    return is_zone_staff(user) and user.pk != run.created_by_id


RUN = Machine(
    name="award_run",
    states={"draft": "已生成，待提交审批", "submitted": "待审批", "approved": "已批准，转入资金拨付",
            "returned": "已退回", "cancelled": "已作废"},
    edges=(
        Edge("submit", "提交审批", ("draft",), "submitted", _staff),
        Edge("approve", "批准", ("submitted",), "approved", _second_pair_of_eyes),
        Edge("return", "退回", ("submitted",), "returned", _second_pair_of_eyes, needs_reason=True),
        Edge("cancel", "作废", ("draft", "returned"), "cancelled", _staff, needs_reason=True),
    ),
    tasks=lambda run, state: [(u, f"审批免申即享名单：{run}") for u in staff_users() if u.pk != run.created_by_id]
    if state == "submitted" else [],
    watchers=lambda run: [run.created_by] if run.created_by else [],
    link=lambda run: reverse("benefits:run", args=[run.pk]),
)
