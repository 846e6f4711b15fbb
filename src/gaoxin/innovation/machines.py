"""科技成果评价 on the workflow machine: requested → experts drawn (evaluating) → concluded. Every move is
recorded; whoever requested the evaluation hears of each one."""

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
