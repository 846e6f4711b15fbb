"""走访 and 诉求 pages. Thin: parse, call `visits`, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.scope import Scope
from gaoxin.core.responses import xlsx_response
from gaoxin.registry.commands import chosen_enterprise
from gaoxin.registry.selectors import visible_enterprises
from gaoxin.tracking import visits
from gaoxin.tracking.exports import needs_workbook, visits_workbook
from gaoxin.tracking.machines import NEED
from gaoxin.tracking.models import NEED_CATEGORIES, VISIT_KINDS, Department
from gaoxin.tracking.selectors import NeedFilter, filtered_needs, visible_needs, visible_visits
from gaoxin.workflow.machine import history


def _visitors_only(user) -> None:
    if not Scope.of(user).may("tracking.follow"):
        raise PermissionDenied(gettext("仅区工作人员和园区联络员可以查看走访记录"))


@login_required
def visit_list(request):
    _visitors_only(request.user)
    rows = visible_visits(request.user)
    shown = request.GET.get("show", "")
    if shown == "planned":
        rows = rows.filter(visited_on=None)
    elif shown == "done":
        rows = rows.exclude(visited_on=None)
    if request.GET.get("department"):
        rows = rows.filter(department__name=request.GET["department"])
    if request.GET.get("export") == "xlsx":
        return xlsx_response(visits_workbook(rows), "走访记录.xlsx")
    return render(request, "tracking/visit_list.html", {
        "visits": rows[:300], "shown": shown, "departments": Department.objects.filter(active=True),
        "department": request.GET.get("department", "")})


@login_required
def visit_new(request):
    """Schedule a visit; before saving, the enterprise's recent and planned visits by other departments show, and
    one close to the chosen date must be confirmed."""
    _visitors_only(request.user)
    today = timezone.localdate()
    code = (request.POST.get("enterprise") or request.GET.get("enterprise") or "").strip()
    enterprise = visible_enterprises(request.user).filter(credit_code=code).first() if code else None
    duplicate = None
    if request.method == "POST":
        try:
            enterprise = chosen_enterprise(request.POST, visible_enterprises(request.user))
            visit = visits.schedule(enterprise, request.POST, request.user, today)
            messages.success(request, gettext("已登记走访"))
            return redirect("tracking:visit", pk=visit.pk)
        except visits.DuplicateVisit as exc:
            duplicate = exc
        except ValueError as exc:  # VisitError, or Invalid input
            messages.error(request, str(exc))
    return render(request, "tracking/visit_form.html", {
        "enterprise": enterprise, "code": code, "others": visits.around(enterprise, today) if enterprise else [],
        "departments": Department.objects.filter(active=True), "kinds": VISIT_KINDS, "today": today,
        "values": request.POST, "duplicate": duplicate})


@login_required
def visit_detail(request, pk: int):
    _visitors_only(request.user)
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    today = timezone.localdate()
    return render(request, "tracking/visit_detail.html", {
        "visit": visit, "needs": visit.needs.select_related("department"), "categories": NEED_CATEGORIES,
        "departments": Department.objects.filter(active=True), "today": today})


def _on_visit(request, pk: int, work):
    _visitors_only(request.user)
    visit = get_object_or_404(visible_visits(request.user), pk=pk)
    try:
        messages.success(request, work(visit, timezone.localdate()))
    except ValueError as exc:  # VisitError, or Invalid input
        messages.error(request, str(exc))
    return redirect("tracking:visit", pk=pk)


@require_POST
@login_required
def visit_record(request, pk: int):
    """What the visit found: the day, topics and policies explained."""
    def work(visit, today):
        visits.record(visit, request.POST, today)
        return "已记录走访情况"
    return _on_visit(request, pk, work)


@require_POST
@login_required
def visit_need(request, pk: int):
    """A need the enterprise raised during the visit, routed to its department with a deadline."""
    def work(visit, today):
        need = visits.raise_need(visit.enterprise, request.POST, request.user, today, visit=visit)
        return f"已登记诉求，交{need.department}于 {need.due_on:%Y-%m-%d} 前答复"
    return _on_visit(request, pk, work)


@login_required
def need_list(request):
    """Needs the user may see; staff get each department's response statistics; an enterprise user may raise one."""
    request.scope.require("tracking.read_needs")
    today = timezone.localdate()
    own = request.scope.is_enterprise
    if request.method == "POST" and own:
        try:
            need = visits.raise_need(request.user.profile.enterprise, request.POST, request.user, today)
            messages.success(request, gettext("已提交，{department}将于 {due_on:%Y-%m-%d} 前答复")
                    .format(department=need.department, due_on=need.due_on))
        except ValueError as exc:  # VisitError, or Invalid input
            messages.error(request, str(exc))
        return redirect("tracking:needs")
    flt = NeedFilter.from_query(request.GET)
    rows = filtered_needs(visible_needs(request.user), flt, today)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(needs_workbook(rows, visits.department_statistics(rows, today), today),
                             "企业诉求.xlsx")
    listed = list(rows[:500])
    for need in listed:
        need.state = NEED.label(need.status)
        need.late = need.is_late(today)
    return render(request, "tracking/need_list.html", {
        "needs": listed, "flt": flt, "states": NEED.states, "categories": NEED_CATEGORIES, "own": own,
        "departments": Department.objects.filter(active=True), "query": request.GET.urlencode(),
        "overdue": visits.overdue(visible_needs(request.user), today).count(),
        "stats": visits.department_statistics(visible_needs(request.user), today) if not own else []})


@login_required
def need_detail(request, pk: int):
    need = get_object_or_404(visible_needs(request.user), pk=pk)
    return render(request, "tracking/need_detail.html", {
        "need": need, "state": NEED.label(need.status),
        "history": history(need), "states": NEED.states, "late": need.is_late(timezone.localdate()),
        "departments": Department.objects.filter(active=True).exclude(pk=need.department_id)})


