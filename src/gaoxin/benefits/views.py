"""政策库 and 政策计算器 pages. Thin: parse, call `selectors` / `services`, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts import masking
from gaoxin.accounts.roles import staff_required, zone_or_park_required
from gaoxin.accounts.scope import Scope
from gaoxin.benefits import runs, selectors, services
from gaoxin.benefits.forms import WhatIfCommand
from gaoxin.benefits.machines import RUN
from gaoxin.benefits.models import AwardRun
from gaoxin.core.commands import Invalid, parse
from gaoxin.engine.benefit import LEVELS, benefit_knobs
from gaoxin.jobs.services import enqueue
from gaoxin.programs.models import Objection
from gaoxin.workflow.machine import history


def _benefit_or_404(code: str):
    benefit = selectors.find(code)
    if benefit is None:
        raise Http404(gettext("没有这项政策"))
    return benefit


def _own_enterprise(user):
    scope = Scope.of(user)
    if not scope.is_enterprise:
        raise PermissionDenied(gettext("仅企业用户可以查看本企业的政策匹配"))
    return scope.enterprises().get()


@login_required
def library(request):
    """政策库: every benefit in force; staff and liaisons also see how many of their enterprises qualify."""
    scope = request.scope
    scope.require("benefits.read")
    counted = scope.is_staff or scope.is_liaison
    enterprises = scope.enterprises()
    rows = _costs(scope, selectors.library(enterprises))
    fresh = selectors.freshness(enterprises) if counted else None
    return render(request, "benefits/library.html", {"rows": rows, "counted": counted, "levels": LEVELS,
                                                     "fresh": fresh, "can_refresh": scope.may("benefits.manage")})


def _costs(scope, summaries):
    """Each benefit's total cost as the scope may read it (a sum of amounts worked out from hidden figures is
    withheld too: over a park of one it would be that enterprise's amount)."""
    for s in summaries:
        s.cost = masking.amount(scope, s.benefit, s.cost)
    return summaries


@staff_required
@require_POST
def refresh(request):
    """Queue matching of every enterprise whose matches are out of date; the job page shows progress."""
    job = enqueue("match_benefits", {"stale_only": True}, request.user)
    return redirect("jobs:detail", pk=job.pk)


@zone_or_park_required
def detail(request, code: str):
    """One benefit: its conditions with their articles, the amount rule, who qualifies (with amounts and the total
    cost) and who nearly does (with what they lack)."""
    benefit = _benefit_or_404(code)
    kind = "near" if request.GET.get("kind") == "near" else "qualified"
    scope = request.scope
    enterprises = scope.enterprises()
    rows = masking.matches(scope, selectors.matches_for(benefit, enterprises, kind)[:500])
    summary = next((s for s in _costs(scope, selectors.library(enterprises)) if s.benefit.code == code), None)
    staff = scope.may("benefits.manage", benefit)
    return render(request, "benefits/detail.html", {
        "benefit": benefit, "kind": kind, "rows": rows, "summary": summary, "levels": LEVELS,
        "runs": AwardRun.objects.filter(benefit=code)[:20] if staff else [],
        "knobs": benefit_knobs(benefit) if staff else [],
        "can_notify": staff, "fresh": selectors.freshness(enterprises), "can_refresh": staff})


@staff_required
@require_POST
def notify(request, code: str):
    told = services.notify_qualified(_benefit_or_404(code), request.user)
    messages.success(request, gettext("已向 {told} 家符合条件的企业推送（此前已推送的不重复）").format(told=told))
    return redirect("benefits:detail", code=code)


@login_required
def mine(request):
    """政策计算器 for an enterprise user's own enterprise, with its notices and objections."""
    enterprise = _own_enterprise(request.user)
    services.read_notices(enterprise)
    return _calculator(request, enterprise)


@zone_or_park_required
def enterprise(request, credit_code: str):
    """政策计算器 for one enterprise, as staff or its park's liaison see it."""
    return _calculator(request, get_object_or_404(request.scope.enterprises(), credit_code=credit_code))


def _calculator(request, enterprise):
    found, scope = selectors.for_enterprise(enterprise), request.scope
    found.qualified, found.near, found.other = (masking.matches(scope, rows) for rows in (
        found.qualified, found.near, found.other))
    if any(isinstance(m.amount, masking.Hidden) for m in found.qualified):
        found.total = masking.HIDDEN
    return render(request, "benefits/calculator.html", {
        "enterprise": enterprise, "found": found, "notices": masking.matches(scope, selectors.notices_for(enterprise)),
        "objections": Objection.objects.filter(enterprise=enterprise, about="benefit_match"), "levels": LEVELS,
        "own": scope.is_enterprise})


@login_required
@require_POST
def raise_objection(request):
    enterprise = _own_enterprise(request.user)
    try:
        services.raise_objection(request.user, enterprise, request.POST)
        messages.success(request, gettext("异议已提交，区工作人员答复后会通知您"))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("benefits:mine")


@login_required
def objections(request):
    """Objections: staff answer them; an enterprise user or a liaison reads those of its own enterprises."""
    request.scope.require("benefits.read")
    return render(request, "benefits/objections.html", {
        "rows": selectors.objections_for(request.user)[:300],
        "can_answer": request.scope.may("benefits.answer_objection")})


@staff_required
@require_POST
def answer(request, pk: int):
    objection = get_object_or_404(Objection, pk=pk, about="benefit_match")
    try:
        services.answer_objection(request.user, objection, request.POST)
        messages.success(request, gettext("已答复"))
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("benefits:objections")


# ---------------------------------------------------------------- 免申即享 runs


@staff_required
@require_POST
def run_start(request, code: str):
    """Generate a 免申即享 list as a background job (the whole zone is read); its page shows progress."""
    benefit = _benefit_or_404(code)
    if not benefit.automatic:
        raise PermissionDenied(gettext("该政策不是免申即享政策"))
    job = enqueue("benefit_run", {"benefit": code, "user": request.user.pk}, request.user)
    return redirect("jobs:detail", pk=job.pk)


@staff_required
def run_detail(request, pk: int):
    run = get_object_or_404(AwardRun, pk=pk)
    check = runs.reproduce(run) if request.GET.get("reproduce") else None
    return render(request, "benefits/run.html", {
        "run": run, "lines": run.lines.select_related("enterprise", "enterprise__park")[:2000],
        "history": history(run), "check": check,
        "state": RUN.label(run.status)})


@staff_required
@require_POST
def whatif(request, code: str):
    """Run a what-if of this benefit with the numbers typed in (only those changed), as a background job."""
    benefit = _benefit_or_404(code)
    try:
        changes = parse(WhatIfCommand, request.POST, benefit=benefit)["changes"]
    except Invalid as exc:
        messages.error(request, str(exc))
        return redirect("benefits:detail", code=code)
    job = enqueue("benefit_whatif", {"benefit": code, "changes": changes}, request.user)
    return redirect("jobs:detail", pk=job.pk)
