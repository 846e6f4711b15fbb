"""The project's stages and the 督办 item, as state machines: who may move them, audited, on people's to-do lists."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from gaoxin.accounts.recipients import enterprise_users, staff_users
from gaoxin.accounts.roles import Role
from gaoxin.workflow.machine import Edge, Machine


def liaisons(project) -> list:
    return list(get_user_model().objects.filter(profile__park_id=project.park_id, is_active=True,
                                                groups__name=Role.park_liaison.value))


def responsible(project) -> list:
    """The park's liaisons and the project's officer: who hears of its moves and answers its 督办."""
    people = liaisons(project)
    if project.officer_id and project.officer not in people:
        people.append(project.officer)
    return people


PROJECT = Machine(
    name="major_project",
    states={"negotiating": "洽谈", "signed": "签约", "started": "开工", "in_operation": "投产/落地"},
    state_field="stage",
    edges=(
        Edge("sign", "签约", ("negotiating",), "signed", "tracking.report_project"),
        Edge("start", "开工", ("signed",), "started", "tracking.report_project"),
        Edge("operate", "投产/落地", ("started",), "in_operation", "tracking.report_project"),
    ),
    watchers=lambda project: [project.officer] if project.officer_id else [],
    link=lambda project: reverse("tracking:project", args=[project.pk]),
)
STAGE_ACTIONS = {"signed": ("sign", "signed_on"), "started": ("start", "started_on"),
                 "in_operation": ("operate", "in_operation_on")}
STAGE_ORDER = ["negotiating", "signed", "started", "in_operation"]


def _escalation_tasks(escalation, state: str) -> list[tuple[object, str]]:
    if state == "open":
        return [(u, f"督办：{escalation.project}（{escalation.due_on:%m-%d} 前办结）")
                for u in responsible(escalation.project)]
    if state == "responded":
        return [(u, f"审核督办办理情况：{escalation.project}") for u in staff_users()]
    return []


ESCALATION = Machine(
    name="escalation",
    states={"open": "督办中", "responded": "已反馈，待审核", "closed": "已办结"},
    edges=(
        Edge("respond", "反馈办理情况", ("open",), "responded", "tracking.respond_escalation"),
        Edge("close", "办结", ("responded",), "closed", "tracking.manage"),
        Edge("reopen", "退回继续办理", ("responded",), "open", "tracking.manage", needs_reason=True),
    ),
    tasks=_escalation_tasks,
    watchers=lambda e: responsible(e.project),
    link=lambda e: reverse("tracking:project", args=[e.project_id]),
)


def department_members(need) -> list:
    return list(need.department.members.filter(is_active=True))


def _need_tasks(need, state: str) -> list[tuple[object, str]]:
    if state == "open":
        return [(u, f"签收诉求：{need}（{need.due_on:%m-%d} 前答复）") for u in department_members(need)]
    if state == "handling":
        return [(u, f"办理诉求：{need}（{need.due_on:%m-%d} 前答复）") for u in department_members(need)]
    if state == "replied":
        return [(u, f"评价答复：{need}") for u in enterprise_users(need)] or [
            (u, f"回访确认：{need}") for u in staff_users()]
    return []


NEED = Machine(
    name="need",
    states={"open": "待签收", "handling": "办理中", "replied": "已答复，待评价", "closed": "已办结"},
    edges=(
        Edge("accept", "签收", ("open",), "handling", "tracking.handle_need"),
        Edge("transfer", "转办其他部门", ("open", "handling"), "open", "tracking.manage", needs_reason=True),
        Edge("reply", "答复", ("open", "handling"), "replied", "tracking.handle_need"),
        Edge("close", "办结", ("replied",), "closed", "tracking.close_need"),
        Edge("reopen", "不满意，继续办理", ("replied",), "handling", "tracking.close_need", needs_reason=True),
    ),
    tasks=_need_tasks,
    watchers=lambda need: enterprise_users(need),
    link=lambda need: reverse("tracking:need", args=[need.pk]),
)
