"""年度填报 on the workflow machine: the enterprise submits its yearly figures, staff return them with a reason
or accept them into the registry; every move is recorded, staff get a to-do when a filing arrives and the
enterprise's users hear of every decision."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.accounts.recipients import enterprise_users, staff_users
from gaoxin.workflow.machine import Edge, Machine

FILING = Machine(
    name="filing",
    states={"draft": "草稿", "submitted": "已提交，待审核", "returned": "已退回", "accepted": "已通过"},
    edges=(
        Edge("submit", "提交", ("draft", "returned"), "submitted", "registry.submit_filing"),
        Edge("return", "退回", ("submitted",), "returned", "registry.decide_filing", needs_reason=True),
        Edge("accept", "通过", ("submitted",), "accepted", "registry.decide_filing"),
    ),
    tasks=lambda filing, state: ([(u, f"审核企业填报：{filing.enterprise} {filing.year} 年度数据")
                                  for u in staff_users()] if state == "submitted" else []),
    watchers=enterprise_users,
    link=lambda filing: reverse("registry:filing_review", args=[filing.pk]),
    watcher_link=lambda filing: reverse("registry:filing_edit", args=[filing.enterprise.credit_code, filing.year]),
)
EDITABLE = ("draft", "returned")
