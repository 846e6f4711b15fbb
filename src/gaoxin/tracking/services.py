"""Writing tracking data: progress reports (which move the project's stage and figures), and 督办."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import parse
from gaoxin.registry import audit
from gaoxin.tracking.forms import ReportCommand
from gaoxin.tracking.machines import ESCALATION, PROJECT, STAGE_ACTIONS, STAGE_ORDER, responsible
from gaoxin.tracking.models import STAGES, Escalation, MajorProject, ProgressReport
from gaoxin.tracking.status import is_period
from gaoxin.workflow.machine import advance, close_tasks, open_task
from gaoxin.workflow.notify import notify


class ReportError(ValueError):
    """Every problem of a progress report, in words."""


def file_report(project: MajorProject, data: dict, by, today: dt.date) -> ProgressReport:
    """A period's progress from the park or street (or staff). Filing a period again corrects it. The project's
    figures follow its latest period; a later stage moves the project through each stage in between, dated
    today."""
    scope = Scope.of(by)
    scope.require("tracking.report_project", project)
    by = scope.actor
    values = _checked(project, data, today)
    with transaction.atomic():
        report, created = ProgressReport.objects.update_or_create(project=project, period=values.pop("period"),
                                                                  defaults=values | {"filed_by": by})
        audit.record(by, report, "create" if created else "update", audit.changes_between({}, values),
                     enterprise=project.enterprise)
        close_tasks(project)  # the 报送 reminder, if one was open
        latest = project.reports.order_by("-period").first()
        MajorProject.objects.filter(pk=project.pk).update(
            progress=latest.progress, invested=latest.invested, invested_year=latest.invested_year,
            last_period=latest.period)
        project.refresh_from_db()
        for stage in STAGE_ORDER[STAGE_ORDER.index(project.stage) + 1:STAGE_ORDER.index(report.stage) + 1]:
            action, field = STAGE_ACTIONS[stage]
            project = advance(PROJECT, project, action, by, f"{report.period:%Y 年 %m 月}进度报告",
                              change=lambda p, f=field: setattr(p, f, getattr(p, f) or today))
    return report


def _checked(project: MajorProject, data, today: dt.date) -> dict:
    """The report's typed values (`ReportCommand`), then what only the project can say: a period that has begun,
    a stage not behind the project's, investment that does not shrink."""
    values = parse(ReportCommand, data)
    period, stage = values["period"], values["stage"] or project.stage
    invested, invested_year = values["invested"], values["invested_year"]
    problems: list[str] = []
    if not is_period(project, period, today):
        problems.append(f"报送期应为已开始的报送月份（每 {project.report_every} 个月一期，"
                        f"自 {project.tracked_from:%Y-%m} 起）")
    if STAGE_ORDER.index(stage) < STAGE_ORDER.index(project.stage):
        problems.append(f"项目已处于“{dict(STAGES)[project.stage]}”阶段，不能倒退")
    if invested_year > invested:
        problems.append("本年完成投资不能大于累计完成投资")
    earlier = project.reports.filter(period__lt=period).order_by("-period").first()
    if earlier and invested < earlier.invested:
        problems.append(f"累计完成投资不能少于上期（{earlier.period:%Y-%m}：{earlier.invested} 万元）")
    if problems:
        raise ReportError("；".join(problems))
    return {"period": period, "stage": stage, "progress": int(values["progress"]), "invested": invested,
            "invested_year": invested_year, "problems": values["problems"].strip(),
            "help_needed": values["help_needed"].strip()}


def escalate(project: MajorProject, reason: str, due_on: dt.date, by) -> Escalation:
    """督办: the park's liaisons and the project's officer get a to-do, due on `due_on`. Staff only."""
    scope = Scope.of(by)
    scope.require("tracking.manage", project)
    by = scope.actor
    if not reason.strip():
        raise ValueError(gettext("请填写督办事项"))
    if project.escalations.exclude(status="closed").exists():
        raise ValueError(gettext("该项目已有未办结的督办"))
    with transaction.atomic():
        item = Escalation.objects.create(project=project, reason=reason.strip(), due_on=due_on, opened_by=by)
        audit.created(by, item, ("reason", "due_on"))
        link = reverse("tracking:project", args=[project.pk])
        for user, title in ESCALATION.tasks(item, "open"):
            open_task(item, user, title, link)
        notify(responsible(project), f"督办：{project}（{due_on:%Y-%m-%d} 前办结）：{reason.strip()}", link)
    return item


def respond(escalation: Escalation, text: str, by) -> Escalation:
    if not text.strip():
        raise ValueError(gettext("请填写办理情况"))
    return advance(ESCALATION, escalation, "respond", by, text.strip()[:500],
                   change=lambda e: setattr(e, "response", text.strip()))
