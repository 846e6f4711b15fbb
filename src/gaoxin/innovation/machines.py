"""科技成果评价 on the workflow machine (requested → experts drawn → concluded; whoever requested it hears of each
move), and a tenancy of an incubator (在孵 → 已毕业 or 已退出). Every move is recorded."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.workflow.machine import Edge, Machine

EVALUATION = Machine(
    name="achievement_evaluation",
    states={"requested": "待抽取专家", "evaluating": "专家评价中", "concluded": "已出具结论"},
    edges=(
        Edge("draw", "抽取评价专家", ("requested",), "evaluating", "innovation.manage"),
        Edge("conclude", "出具评价结论", ("evaluating",), "concluded", "innovation.manage"),
    ),
    watchers=lambda evaluation: [evaluation.requested_by] if evaluation.requested_by_id else [],
    link=lambda evaluation: reverse("innovation:achievement", args=[evaluation.achievement_id]),
)

TENANCY = Machine(
    name="tenancy",
    states={"incubating": "在孵", "graduated": "已毕业", "exited": "已退出"},
    edges=(
        Edge("graduate", "办理毕业", ("incubating",), "graduated", "innovation.manage"),
        Edge("leave", "退出", ("incubating",), "exited", "innovation.manage", needs_reason=True),
    ),
    link=lambda tenancy: reverse("innovation:carrier", args=[tenancy.carrier_id]),
)
