"""A need's path (待对接 → 已推送银行 → 已放款) and a match's: referred to the bank, then 授信 and 放款, or declined
(with the bank's reason when given)."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.accounts.recipients import enterprise_users
from gaoxin.workflow.machine import Edge, Machine

MATCH = Machine(
    name="financing_match",
    states={"referred": "已推送银行", "credit_granted": "已授信", "loan_drawn": "已放款", "declined": "未获授信",
            "withdrawn": "企业放弃"},
    edges=(
        Edge("grant", "登记授信", ("referred",), "credit_granted", "financing.manage"),
        Edge("draw", "登记放款", ("credit_granted",), "loan_drawn", "financing.manage"),
        Edge("decline", "登记未获授信", ("referred",), "declined", "financing.manage"),
        Edge("withdraw", "企业放弃", ("referred", "credit_granted"), "withdrawn", "financing.manage"),
    ),
    tasks=lambda match, state: [(match.created_by, f"登记放款：{match}")]
    if state == "credit_granted" and match.created_by_id else [],
    watchers=lambda match: enterprise_users(match.need),
    link=lambda match: reverse("financing:need", args=[match.need_id]),
)

NEED_STATES = {"open": "待对接", "matched": "已推送银行", "financed": "已放款"}

NEED = Machine(
    name="financing_need",
    states=NEED_STATES,
    edges=(
        Edge("refer", "推送银行产品", ("open",), "matched", "financing.manage"),
        Edge("finance", "获得贷款", ("matched",), "financed", "financing.manage"),
    ),
    watchers=enterprise_users,
    link=lambda need: reverse("financing:need", args=[need.pk]),
)
