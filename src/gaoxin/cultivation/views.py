"""Pages over stored verdicts: the 潜力企业 list, and recomputing a year for the whole zone as a background job."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gaoxin.accounts.roles import Role, role_of, staff_required
from gaoxin.cultivation.exports import candidates_workbook, policy_label
from gaoxin.cultivation.selectors import CandidateFilter, candidates, lacking_text
from gaoxin.engine.run import policies_available
from gaoxin.jobs.services import enqueue
from gaoxin.registry.models import Park
from gaoxin.registry.selectors import visible_enterprises
from gaoxin.registry.views import xlsx_response


@require_POST
@staff_required
def recompute(request):
    raw = request.POST.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else dt.date.today().year
    job = enqueue("evaluate", {"year": year}, request.user)
    messages.info(request, f"已提交 {year} 年度全区评价任务")
    return redirect("jobs:detail", pk=job.pk)


CANDIDATE_ROLES = (Role.zone_admin, Role.zone_staff, Role.park_liaison)
PAGE = 50


@login_required
def candidate_list(request):
    """潜力企业: for one title, who is closest to it; park liaisons see their park's enterprises only."""
    if role_of(request.user) not in CANDIDATE_ROLES:
        raise PermissionDenied("仅区工作人员和园区联络员可访问")
    flt = CandidateFilter.from_query(request.GET)
    rows = candidates(visible_enterprises(request.user), flt)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(candidates_workbook(rows, flt), f"潜力企业_{policy_label(flt.policy)}_{flt.year}.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    for evaluation in page.object_list:
        evaluation.lacking_items = lacking_text(evaluation)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cultivation/candidates.html", {
        "page": page, "flt": flt, "query": query.urlencode(), "parks": Park.objects.filter(active=True),
        "policies": [(p, policy_label(p)) for p in policies_available()],
        "years": range(dt.date.today().year, dt.date.today().year - 4, -1)})
