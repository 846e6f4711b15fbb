"""走访 and 诉求: scheduling visits without duplicating another department's, recording them, raising needs with
the department and deadline the rules give, answering and closing them; response-time statistics."""

from __future__ import annotations

import datetime as dt
import statistics as stats
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.core.commands import parse
from gaoxin.registry import audit
from gaoxin.registry.models import Enterprise
from gaoxin.tracking.forms import NeedCommand, RecordCommand, VisitCommand
from gaoxin.tracking.machines import NEED, department_members
from gaoxin.tracking.models import Department, Need, Visit
from gaoxin.workflow.machine import advance, open_task
from gaoxin.workflow.notify import notify


@cache
def need_rules() -> dict:
    return yaml.safe_load(Path(__file__).with_name("need_rules.yaml").read_text(encoding="utf-8"))


class VisitError(ValueError):
    """Every problem of a visit or need form, in words."""


class DuplicateVisit(VisitError):
    """Other departments visit the same enterprise close to this date: say so before scheduling."""

    def __init__(self, others: list[Visit]) -> None:
        self.others = others
        super().__init__("其他部门近期已走访或计划走访该企业：" + "；".join(
            f"{v.department}{'于' if v.done else '计划'} {v.visited_on or v.planned_on:%Y-%m-%d}"
            f"{v.get_kind_display()}" for v in others))


def around(enterprise: Enterprise, day: dt.date, department: Department | None = None) -> list[Visit]:
    """Other departments' visits to `enterprise` done in the last N days or planned from today on (the list the
    scheduling form shows)."""
    since = day - dt.timedelta(days=need_rules()["recent_visit_days"])
    rows = enterprise.visits.select_related("department").filter(planned_on__gte=since)
    if department is not None:
        rows = rows.exclude(department=department)
    return list(rows.order_by("planned_on"))


def schedule(enterprise: Enterprise, data: dict, by, today: dt.date) -> Visit:
    """Plan (or record at once, with `visited_on`) a visit; another department's visit within the window raises
    DuplicateVisit unless `confirm` says to go ahead."""
    values = _visit_values(data, today)
    confirmed = values.pop("confirm")
    window = dt.timedelta(days=need_rules()["duplicate_visit_days"])
    close = [v for v in around(enterprise, today, values["department"])
             if abs((v.visited_on or v.planned_on) - values["planned_on"]) <= window]
    if close and not confirmed:
        raise DuplicateVisit(close)
    with transaction.atomic():
        visit = Visit.objects.create(enterprise=enterprise, created_by=by, **values)
        audit.created(by, visit, ("planned_on", "kind"))
    return visit


def _visit_values(data, today: dt.date) -> dict:
    values = parse(VisitCommand, data)
    if values["visited_on"] and values["visited_on"] > today:
        raise VisitError(gettext("走访日期不能晚于今天"))
    return {"department": values["department"], "kind": values["kind"] or "visit",
            "planned_on": values["planned_on"] or today, "visited_on": values["visited_on"],
            "visitors": values["visitors"].strip(), "topics": values["topics"].strip(),
            "policies": values["policies"].strip(), "confirm": values["confirm"]}


def record(visit: Visit, data, today: dt.date) -> Visit:
    """What happened at a planned visit."""
    values = parse(RecordCommand, data)
    if values["visited_on"] > today:
        raise VisitError(gettext("走访日期不能晚于今天"))
    visit.visited_on = values["visited_on"]
    visit.topics = values["topics"].strip() or visit.topics
    visit.policies = values["policies"].strip() or visit.policies
    visit.save(update_fields=["visited_on", "topics", "policies"])
    return visit


def raise_need(enterprise: Enterprise, data: dict, by, today: dt.date, visit: Visit | None = None) -> Need:
    """A need with its department and deadline (the category's default unless given); the department's members
    get the to-do and the enterprise hears of it."""
    values = parse(NeedCommand, data)
    category, description = values["category"], values["description"].strip()
    rule = need_rules()["categories"].get(category, need_rules()["categories"]["other"])
    department = values["department"] or Department.objects.filter(name=rule["department"]).first()
    if department is None:
        raise VisitError(gettext("请选择责任部门"))
    due_on = values["due_on"] or today + dt.timedelta(days=rule["days"])
    if due_on < today:
        raise VisitError(gettext("办理时限不能早于今天"))
    with transaction.atomic():
        need = Need.objects.create(enterprise=enterprise, visit=visit, category=category, description=description,
                                   department=department, due_on=due_on, raised_by=by)
        audit.created(by, need, ("category", "description", "due_on"))
        link = reverse("tracking:need", args=[need.pk])
        for user, title in NEED.tasks(need, "open"):
            open_task(need, user, title, link)
        notify(department_members(need), f"新的企业诉求：{need}（{due_on:%Y-%m-%d} 前答复）", link)
    return need


def reply(need: Need, text: str, by) -> Need:
    if not text.strip():
        raise VisitError(gettext("请填写答复内容"))

    def change(n: Need) -> None:
        n.reply, n.replied_at = text.strip(), timezone.now()
    return advance(NEED, need, "reply", by, text.strip()[:500], change=change)


def close(need: Need, by, score: int | None = None, feedback: str = "") -> Need:
    """办结, with the enterprise's rating when it gives one (1–5)."""
    if score is not None and not 1 <= score <= 5:
        raise VisitError(gettext("满意度应为 1–5"))

    def change(n: Need) -> None:
        n.closed_at = timezone.now()
        if score is not None:
            n.satisfaction, n.feedback = score, feedback.strip()[:300]
    return advance(NEED, need, "close", by, feedback.strip()[:500], change=change)


def transfer(need: Need, department: Department, reason: str, by) -> Need:
    """转办 to another active department, with the reason."""
    if not department.active or department.pk == need.department_id:
        raise VisitError(gettext("请选择另一个部门"))
    return advance(NEED, need, "transfer", by, f"转{department.name}：{reason}",
                   change=lambda n: setattr(n, "department", department))


def overdue(needs: QuerySet[Need], today: dt.date) -> QuerySet[Need]:
    """Not yet answered and past the deadline."""
    return needs.filter(status__in=Need.UNANSWERED, due_on__lt=today)


@dataclass
class DepartmentRow:
    department: str
    needs: int
    open: int
    overdue: int
    replied: int
    median_days: float | None  # from raised to replied
    on_time: str  # replied by the deadline, of those replied
    satisfaction: str  # mean rating of the rated ones


def department_statistics(needs: QuerySet[Need], today: dt.date) -> list[DepartmentRow]:
    """Per department: how many needs, how many open and overdue, how fast and how often on time it answered, and
    how satisfied the enterprises were."""
    rows: dict[str, list[Need]] = {}
    for need in needs.select_related("department"):
        rows.setdefault(need.department.name, []).append(need)
    out = []
    for name, items in sorted(rows.items()):
        answered = [n for n in items if n.replied_at]
        days = [(timezone.localtime(n.replied_at).date() - timezone.localtime(n.raised_at).date()).days
                for n in answered]
        timely = sum(1 for n in answered if timezone.localtime(n.replied_at).date() <= n.due_on)
        rated = [n.satisfaction for n in items if n.satisfaction]
        out.append(DepartmentRow(
            name, len(items), sum(n.status in ("open", "handling") for n in items),
            sum(n.status in ("open", "handling") and n.due_on < today for n in items), len(answered),
            stats.median(days) if days else None,
            f"{timely * 100 / len(answered):.0f}%" if answered else "—",
            f"{stats.fmean(rated):.1f}" if rated else "—"))
    return out
