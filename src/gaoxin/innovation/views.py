"""科技成果评价 pages. Thin: parse, call `services`, render."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from gaoxin.accounts.roles import staff_required
from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import Invalid, problems
from gaoxin.core.responses import download, xlsx_response
from gaoxin.innovation import incubation, services
from gaoxin.innovation import report as evaluation_report
from gaoxin.innovation.exports import prospects_workbook, register_workbook, survey_workbook
from gaoxin.innovation.forms import AdmitCommand, ProspectCommand, RequestCommand, TransferCommand
from gaoxin.innovation.imports import queue_carrier_years
from gaoxin.innovation.models import (
    CARRIER_KINDS,
    CARRIER_LEVELS,
    OWNER_KINDS,
    PROSPECT_STAGES,
    TRANSFER,
    AchievementEvaluation,
    Carrier,
    Prospect,
    Tenancy,
)
from gaoxin.innovation.scales import dimension_label, kind_choices, scales, uses_trl, weights
from gaoxin.innovation.selectors import my_reviews, visible_achievements
from gaoxin.intake.carriers import template_workbook as carrier_years_template
from gaoxin.registry.upload_pages import upload_page

FORMATS = ("docx", "pdf")


def _readers_only(user) -> None:
    Scope.of(user).require("innovation.read")


@login_required
def achievement_list(request):
    """The register: every achievement with its latest conclusion and transfer status; filters and Excel."""
    _readers_only(request.user)
    rows = visible_achievements(request.user).prefetch_related("evaluations")
    kind, transfer = request.GET.get("kind", ""), request.GET.get("transfer", "")
    if kind:
        rows = rows.filter(kind=kind)
    if transfer:
        rows = rows.filter(transfer=transfer)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(register_workbook(rows), "科技成果登记册.xlsx")
    listed = list(rows[:500])
    for a in listed:
        a.latest = next((e for e in a.evaluations.all() if e.status == "concluded"), None)
    return render(request, "innovation/achievement_list.html", {
        "achievements": listed, "kinds": kind_choices(), "transfers": TRANSFER, "kind": kind, "transfer": transfer})


@staff_required
def achievement_new(request):
    if request.method == "POST":
        try:
            achievement = services.register(request.POST, request.user)
            messages.success(request, gettext("已登记"))
            return redirect("innovation:achievement", pk=achievement.pk)
        except ValueError as exc:  # Invalid input, or no such enterprise
            messages.error(request, str(exc))
    return render(request, "innovation/achievement_form.html", {
        "kinds": kind_choices(), "owner_kinds": OWNER_KINDS, "values": request.POST})


@login_required
def achievement_detail(request, pk: int):
    _readers_only(request.user)
    achievement = get_object_or_404(visible_achievements(request.user), pk=pk)
    evaluations = list(achievement.evaluations.prefetch_related("reviews__reviewer"))
    return render(request, "innovation/achievement_detail.html", {
        "a": achievement, "evaluations": evaluations, "staff": request.scope.may("innovation.manage"),
        "transfer_form": TransferCommand(initial={"transfer": achievement.transfer,
                                                  "transfer_amount": achievement.transfer_amount,
                                                  "transfer_on": achievement.transfer_on}),
        "request_form": RequestCommand()})


def _on_achievement(request, pk: int, command_class, work, done: str):
    """One staff write on an achievement, its typed input checked first; back to its page."""
    achievement = get_object_or_404(visible_achievements(request.user), pk=pk)
    request.scope.require("innovation.manage", achievement)  # who may, before what was typed
    command = command_class(request.POST)
    if not command.is_valid():
        messages.error(request, problems(command))
        return redirect("innovation:achievement", pk=pk)
    try:
        work(achievement, command.cleaned_data)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("innovation:achievement", pk=pk)


@require_POST
@login_required
def transfer(request, pk: int):
    return _on_achievement(request, pk, TransferCommand, lambda a, d: services.update_transfer(
        a, d["transfer"], d["transfer_amount"], d["transfer_on"], request.user), "已更新转化状态")


@require_POST
@login_required
def request_evaluation(request, pk: int):
    return _on_achievement(request, pk, RequestCommand, lambda a, d: services.request(
        a, request.user, d["experts"]), "已发起评价")


@login_required
def report(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    concluded = AchievementEvaluation.objects.filter(status="concluded",
                                                     achievement__in=visible_achievements(request.user))
    evaluation = get_object_or_404(concluded, pk=pk)
    writer = evaluation_report.docx_bytes if fmt == "docx" else evaluation_report.pdf_bytes
    return download(writer(evaluation), f"科技成果评价报告_{evaluation.achievement.title}.{fmt}")


@login_required
def review_detail(request, pk: int):
    """An expert's TRL assessment and scores; the others' only after their own is in."""
    item = get_object_or_404(my_reviews(request.user), pk=pk)
    if request.method == "POST":
        try:
            services.submit(item, request.POST, request.POST.get("comment", ""))
            messages.success(request, gettext("评价意见已提交"))
        except ValueError as exc:  # Invalid input, or the review is closed
            messages.error(request, str(exc))
        return redirect("innovation:review", pk=pk)
    kind = item.evaluation.achievement.kind
    others = item.evaluation.reviews.exclude(pk=item.pk).exclude(submitted_at=None) if item.submitted_at else []
    return render(request, "innovation/review.html", {
        "r": item, "a": item.evaluation.achievement, "others": others, "uses_trl": uses_trl(kind),
        "trl": scales()["trl"], "dimensions": [(d, dimension_label(d), w) for d, w in weights(kind).items()]})


@staff_required
def prospect_list(request):
    """招商对象 ranked by their scorecard, best first; Excel with every indicator's points."""
    rows = [(p, services.prospect_score(p)) for p in Prospect.objects.all()]
    stage = request.GET.get("stage", "")
    if stage:
        rows = [(p, s) for p, s in rows if p.stage == stage]
    rows.sort(key=lambda ps: (-ps[1].score, -ps[1].upper, ps[0].name))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(prospects_workbook(rows), "科技招商评估.xlsx")
    return render(request, "innovation/prospect_list.html", {"rows": rows, "stages": PROSPECT_STAGES,
                                                             "stage": stage})


@staff_required
def prospect_edit(request, pk: int | None = None):
    """A prospect's scorecard and its form; mistakes are shown beside their fields and nothing is saved."""
    prospect = get_object_or_404(Prospect, pk=pk) if pk else Prospect()
    command = ProspectCommand(initial=ProspectCommand.initial_of(prospect) if prospect.pk else {})
    if request.method == "POST":
        try:
            saved = services.save_prospect(prospect, request.POST, request.user)
        except Invalid as exc:
            command = exc.command
        else:
            messages.success(request, gettext("已保存"))
            return redirect("innovation:prospect", pk=saved.pk)
    result = services.prospect_score(prospect) if prospect.pk else None
    return render(request, "innovation/prospect.html", {"prospect": prospect, "result": result, "form": command})


@staff_required
def carrier_list(request):
    """Every carrier with the annual survey's numbers for a year; new carriers are added here."""
    today = timezone.localdate()
    year = int(request.GET.get("year") or today.year)
    if request.method == "POST":
        try:
            carrier = services.add_carrier(request.POST, request.user)
            messages.success(request, gettext("已登记：{carrier}").format(carrier=carrier))
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("innovation:carriers")
    carriers = list(Carrier.objects.all())
    rows = [incubation.survey(c.tenancies.all(), year, c.name, c.area) for c in carriers]
    total = incubation.survey(Tenancy.objects.all(), year, "合计", sum((c.area for c in carriers), Decimal(0)))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(survey_workbook(rows + [total], year), f"孵化载体统计_{year}.xlsx")
    return render(request, "innovation/carrier_list.html", {
        "rows": list(zip(carriers, rows, strict=True)), "total": total, "year": year, "kinds": CARRIER_KINDS,
        "levels": CARRIER_LEVELS})


@staff_required
def carrier_detail(request, pk: int):
    carrier = get_object_or_404(Carrier, pk=pk)
    today = timezone.localdate()
    tenants = list(carrier.tenancies.select_related("enterprise"))
    for t in tenants:
        t.limit = incubation.time_limit(t, today)
        t.conditions = incubation.graduation(t, today) if t.status == "incubating" else []
        t.ready = any(c.met for c in t.conditions)
    return render(request, "innovation/carrier_detail.html", {
        "carrier": carrier, "tenants": tenants, "today": today,
        "performance": incubation.performance(carrier, today),
        "years": carrier.years.select_related("source")})


@staff_required
@require_http_methods(["GET", "POST"])
def carrier_history_import(request):
    """Carriers' yearly 火炬统计 figures, past years included, by a background job, all or nothing."""
    return upload_page(request, "carriers", lambda upload: queue_carrier_years(upload, request.user),
                       "innovation/carrier_history_import.html", form_id="carriers-form",
                       heading=gettext("最近的历年统计导入"))


@staff_required
def carrier_history_template(request):
    return xlsx_response(carrier_years_template(), "孵化载体历年统计导入模板.xlsx")


@staff_required
@require_POST
def admit(request, pk: int):
    """入孵登记 of a registry enterprise (the carrier's entry rules apply)."""
    carrier = get_object_or_404(Carrier, pk=pk)
    command = AdmitCommand(request.POST)
    if not command.is_valid():
        messages.error(request, gettext("未能登记入孵：{problems}").format(problems=problems(command)))
        return redirect("innovation:carrier", pk=pk)
    data = command.cleaned_data
    try:
        tenancy = incubation.admit(carrier, data["credit_code"], data["entered_on"], data["special"], request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已登记入孵：{enterprise_name}")
                .format(enterprise_name=tenancy.enterprise.name))
    return redirect("innovation:carrier", pk=pk)
