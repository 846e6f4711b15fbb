"""重大项目 pages. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from gaoxin.accounts.roles import staff_required
from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import problems
from gaoxin.core.responses import xlsx_response
from gaoxin.intake.projects import template_workbook as projects_template
from gaoxin.registry.models import Park
from gaoxin.registry.upload_pages import upload_page
from gaoxin.tracking import services
from gaoxin.tracking.exports import projects_workbook
from gaoxin.tracking.forms import EscalateCommand, ProjectForm
from gaoxin.tracking.imports import queue_projects
from gaoxin.tracking.machines import ESCALATION, PROJECT
from gaoxin.tracking.models import STAGES, MajorProject, ProjectCategory
from gaoxin.tracking.selectors import ProjectFilter, escalation_list, statistics, visible_projects, with_status
from gaoxin.tracking.status import COLOUR_LABELS, next_period, status
from gaoxin.workflow.machine import history


def _readers_only(user) -> None:
    Scope.of(user).require("tracking.read_projects")


@login_required
def project_list(request):
    _readers_only(request.user)
    today = timezone.localdate()
    flt = ProjectFilter.from_query(request.GET)
    flt.year = flt.year or today.year
    rows = with_status(visible_projects(request.user), flt, today)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(projects_workbook(rows, flt.year), f"重大项目_{flt.year}.xlsx")
    return render(request, "tracking/project_list.html", {
        "rows": rows, "flt": flt, "stats": statistics(rows, flt.year), "colours": COLOUR_LABELS,
        "parks": Park.objects.filter(active=True), "categories": ProjectCategory.objects.all(),
        "query": request.GET.urlencode()})


@login_required
def project_detail(request, pk: int):
    _readers_only(request.user)
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    today = timezone.localdate()
    escalations = list(project.escalations.all())
    for item in escalations:
        item.state = ESCALATION.label(item.status)
    can_report = request.scope.may("tracking.report_project", project)
    return render(request, "tracking/project_detail.html", {
        "project": project, "status": status(project, today), "reports": project.reports.select_related("filed_by"),
        "escalations": escalations, "history": history(project), "stages": STAGES, "can_report": can_report,
        "next_period": next_period(project, today), "stage_label": PROJECT.label(project.stage),
        "default_due": today + dt.timedelta(days=15)})


@require_POST
@login_required
def report(request, pk: int):
    """The park's progress report of one period (the service checks who may file it)."""
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    try:
        filed = services.file_report(project, request.POST, request.user, timezone.localdate())
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已报送 {period:%Y 年 %m 月}进度").format(period=filed.period))
    return redirect("tracking:project", pk=pk)


@require_POST
@login_required
def escalate(request, pk: int):
    """督办 a project: what must be done and by when; the responsible park or street answers on the item."""
    project = get_object_or_404(visible_projects(request.user), pk=pk)
    command = EscalateCommand(request.POST)
    if not command.is_valid():
        messages.error(request, gettext("未能督办：{problems}").format(problems=problems(command)))
        return redirect("tracking:project", pk=pk)
    try:
        services.escalate(project, command.cleaned_data["reason"], command.cleaned_data["due_on"], request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已督办"))
    return redirect("tracking:project", pk=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def project_import(request):
    """重大项目 from a zone's own sheet, by a background job, all or nothing."""
    return upload_page(request, "projects", lambda upload: queue_projects(upload, request.user),
                       "tracking/project_import.html", form_id="projects-form",
                       heading=gettext("最近的重大项目导入"))


@staff_required
def project_template(request):
    return xlsx_response(projects_template(), "重大项目导入模板.xlsx")


@staff_required
def project_edit(request, pk: int | None = None):
    project = get_object_or_404(MajorProject, pk=pk) if pk else None
    initial = {} if project else {"year": timezone.localdate().year,
                                  "tracked_from": timezone.localdate().replace(day=1)}
    form = ProjectForm(request.POST or None, instance=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, gettext("已保存"))
        return redirect("tracking:project", pk=saved.pk)
    return render(request, "tracking/project_form.html", {"form": form, "project": project})


@login_required
def escalations(request):
    """督办: red projects not yet escalated, and the open items (overdue first)."""
    request.scope.require("tracking.follow")
    today = timezone.localdate()
    red, open_items = escalation_list(visible_projects(request.user), today)
    for item in open_items:
        item.state = ESCALATION.label(item.status)
        item.overdue = item.status == "open" and item.due_on < today
    return render(request, "tracking/escalations.html", {"red": red, "open_items": open_items, "today": today})
