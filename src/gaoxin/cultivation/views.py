"""Pages over stored verdicts: the 潜力企业 list, and recomputing a year for the whole zone as a background job."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from gaoxin.accounts.roles import staff_required, zone_or_park_required
from gaoxin.contract.titles import TITLE_BY_CODE, TITLE_CHOICES
from gaoxin.core.commands import Invalid, parse, problems
from gaoxin.core.responses import download, xlsx_response
from gaoxin.core.snapshots import snapshot
from gaoxin.cultivation.alerts import KINDS, alert_counts, alerts
from gaoxin.cultivation.campaigns import STATE_LABELS, CampaignError, answer, launch, remind
from gaoxin.cultivation.campaigns import progress as campaign_progress
from gaoxin.cultivation.exports import (
    alerts_workbook,
    campaign_workbook,
    candidates_workbook,
    discoveries_workbook,
    plan_workbook,
    policy_label,
    scenario_workbook,
)
from gaoxin.cultivation.forms import (
    AssignCommand,
    CampaignCommand,
    PoolEntryCommand,
    PoolExitCommand,
    ScenarioCommand,
    TargetCommand,
    answer_form,
    answered,
)
from gaoxin.cultivation.models import (
    DISCOVERY_KINDS,
    DISCOVERY_STATUSES,
    Campaign,
    CampaignRequest,
    Evaluation,
    PoolEntry,
    Scenario,
)
from gaoxin.cultivation.plan import plan_progress
from gaoxin.cultivation.report.batch import BATCH_LIMIT
from gaoxin.cultivation.report.content import plan_report
from gaoxin.cultivation.report.to_docx import docx_bytes
from gaoxin.cultivation.report.to_pdf import pdf_bytes
from gaoxin.cultivation.schemas import Asked
from gaoxin.cultivation.selectors import (
    CandidateFilter,
    DiscoveryFilter,
    candidates,
    discoveries,
    lacking_text,
    officers,
    open_discoveries,
    parse_year,
    with_officers,
)
from gaoxin.cultivation.services import assign_officer, enter_pool, leave_pool, set_target
from gaoxin.cultivation.whatif import create_scenario, flip_rows, packs_official, update_scenario
from gaoxin.engine.run import policies_available
from gaoxin.jobs.services import enqueue
from gaoxin.registry.models import Park
from gaoxin.registry.selectors import visible_enterprises
from gaoxin.registry.services import InvalidFigures
from gaoxin.workflow.machine import IllegalTransition


@require_POST
@staff_required
def recompute(request):
    year = parse_year(request.POST.get("year")) or dt.date.today().year
    job = enqueue("evaluate", {"year": year}, request.user)
    messages.info(request, gettext("已提交 {year} 年度全区评价任务").format(year=year))
    return redirect("jobs:detail", pk=job.pk)


PAGE = 50


@zone_or_park_required
def candidate_list(request):
    """潜力企业: for one title, who is closest to it; park liaisons see their park's enterprises only."""
    flt = CandidateFilter.from_query(request.GET)
    rows = candidates(visible_enterprises(request.user), flt)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(candidates_workbook(rows, flt, request.scope),
                             f"潜力企业_{policy_label(flt.policy)}_{flt.year}.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    pooled = set(PoolEntry.objects.filter(enterprise_id__in=[e.enterprise_id for e in page.object_list],
                                          title=flt.policy, exited_on=None).values_list("enterprise_id", flat=True))
    found = open_discoveries([e.enterprise_id for e in page.object_list])
    for evaluation in with_officers(page.object_list, flt.policy):
        evaluation.lacking_items = lacking_text(evaluation, request.scope)
        evaluation.pooled = evaluation.enterprise_id in pooled
        evaluation.discoveries = found.get(evaluation.enterprise_id, [])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cultivation/candidates.html", {
        "page": page, "flt": flt, "query": query.urlencode(), "parks": Park.objects.filter(active=True),
        "policies": [(p, policy_label(p)) for p in policies_available()],
        "officers": officers() if request.scope.may("cultivation.manage") else [],
        "is_title": flt.policy in TITLE_BY_CODE,
        "years": range(dt.date.today().year, dt.date.today().year - 4, -1)})


@login_required
def discovery_list(request):
    """主动发现: what new data flagged, with reason and source; followed up or dismissed here (staff, or the park's
    liaison for their park's enterprises)."""
    request.scope.require("cultivation.candidates")
    flt = DiscoveryFilter.from_query(request.GET)
    rows = discoveries(visible_enterprises(request.user), flt)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(discoveries_workbook(rows), "主动发现.xlsx")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cultivation/discoveries.html", {
        "page": page, "flt": flt, "query": query.urlencode(), "parks": Park.objects.filter(active=True),
        "kinds": DISCOVERY_KINDS, "statuses": DISCOVERY_STATUSES, "titles": dict(TITLE_CHOICES)})


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    """调查排摸: the campaigns, and a new one for a 潜力企业 filter (prefilled from that page) or one enterprise."""
    visible = visible_enterprises(request.user)
    command = CampaignCommand(request.POST or None, enterprises=visible, initial=_campaign_initial(request.GET))
    if request.method == "POST" and command.is_valid():
        data = command.cleaned_data
        try:
            campaign, skipped = launch(request.user, name=data["name"], policy=data["policy"], year=data["year"],
                                       rows=_campaign_rows(visible, data), deadline=data["deadline"],
                                       message=data["message"], group=_group_words(data))
        except CampaignError as exc:
            command.add_error(None, str(exc))
        else:
            messages.success(request, gettext("已向 {n} 家企业发出调查；{skipped} 家没有待补的数据，未发送").format(
                n=campaign.requests.count(), skipped=skipped))
            return redirect("cultivation:campaign", pk=campaign.pk)
    return render(request, "cultivation/campaigns.html", {
        "command": command, "campaigns": Campaign.objects.order_by("-created_at")[:50]})


def _campaign_initial(query) -> dict:
    flt = CandidateFilter.from_query(query)
    return {"policy": flt.policy, "year": flt.year, "park": flt.park, "industry": flt.industry,
            "max_unmet": flt.max_unmet, "discovered": flt.discovered,
            "deadline": dt.date.today() + dt.timedelta(days=14)}


def _campaign_rows(visible, data: dict):
    if data["enterprise"] is not None:
        return Evaluation.objects.filter(enterprise=data["enterprise"], policy=data["policy"],
                                         assessment_year=data["year"])
    flt = CandidateFilter(policy=data["policy"], year=data["year"], park=data["park"].strip(),
                          industry=data["industry"].strip().upper(), max_unmet=data["max_unmet"],
                          discovered=data["discovered"])
    return candidates(visible, flt)[:BATCH_LIMIT]


def _group_words(data: dict) -> str:
    if data["enterprise"] is not None:
        return gettext("企业：{name}").format(name=data["enterprise"].name)
    parts = [gettext("潜力企业：{title}").format(title=policy_label(data["policy"]))]
    if data["park"]:
        parts.append(data["park"])
    if data["industry"]:
        parts.append(gettext("行业 {code}").format(code=data["industry"]))
    if data["max_unmet"] is not None:
        parts.append(gettext("差 ≤ {n} 项").format(n=data["max_unmet"]))
    if data["discovered"]:
        parts.append(gettext("主动发现"))
    return "，".join(parts)


@staff_required
def campaign(request, pk: int):
    """One 调查排摸: what each enterprise is asked and where its answer stands (未答复, 待审核, 退回, 通过)."""
    found = get_object_or_404(Campaign, pk=pk)
    rows = campaign_progress(found)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(campaign_workbook(found, rows), f"调查排摸_{found.name}.xlsx")
    counts = {state: sum(1 for r in rows if r.state == state) for state in STATE_LABELS}
    return render(request, "cultivation/campaign.html", {
        "campaign": found, "rows": rows, "counts": counts, "labels": STATE_LABELS,
        "late": sum(1 for r in rows if r.late)})


@require_POST
@staff_required
def campaign_remind(request, pk: int):
    found = get_object_or_404(Campaign, pk=pk)
    sent = remind(dt.date.today(), found, request.user)
    messages.success(request, gettext("已提醒 {n} 家未答复的企业（每家每天至多一次）").format(n=sent))
    return redirect("cultivation:campaign", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_answer(request, pk: int):
    """An enterprise answers what it was asked; staff may read the page. The answer becomes filings to review."""
    found = get_object_or_404(CampaignRequest.objects.select_related("campaign", "enterprise"), pk=pk)
    if not (request.scope.may("cultivation.answer_campaign", found) or request.scope.is_staff):
        raise Http404
    asked = [Asked.model_validate(a) for a in found.asked]
    form = answer_form(asked, request.POST or None)
    own = request.scope.may("cultivation.answer_campaign", found)
    if request.method == "POST" and own and form.is_valid():
        try:
            answer(request.user, found, answered(form, asked))
        except (CampaignError, InvalidFigures, IllegalTransition) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("已提交，区工作人员审核通过后更新企业数据"))
            return redirect("cultivation:campaign_answer", pk=pk)
    return render(request, "cultivation/campaign_answer.html", {
        "request_": found, "form": form, "own": own, "filings": found.filings.all()})


@require_POST
@staff_required
def assign(request):
    """Assign a 服务专员 to a candidate (from the 潜力企业 list); back to the list the user came from."""
    try:
        data = parse(AssignCommand, request.POST, enterprises=visible_enterprises(request.user))
        assign_officer(data["enterprise"], data["policy"], data["officer"], request.user, data["note"])
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已为 {name} 指派服务专员").format(name=data['enterprise'].name))
    return _back(request, "cultivation:candidates")


def _back(request, default: str):
    """Back to the page the form was on (`next`, same host only), else `default`."""
    back = request.POST.get("next", "")
    return redirect(back if back and url_has_allowed_host_and_scheme(back, {request.get_host()}) else default)


@zone_or_park_required
def alert_list(request):
    """动态管理 work list: what needs doing about which enterprise, grouped by kind, with counts."""
    months = request.GET.get("months", "6")
    months = int(months) if months.isdigit() and 1 <= int(months) <= 24 else 6
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    enterprises, today = visible_enterprises(request.user), dt.date.today()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(alerts_workbook(alerts(enterprises, today, months, kind)),
                             f"动态管理待办_{today.isoformat()}.xlsx")
    counts, _at = snapshot(request.user, today.year, lambda: alert_counts(enterprises, today, months),
                           name=f"alert-counts-{months}")  # ~0.8 s at 100,000 enterprises: kept until data changes
    shown = alerts(enterprises, today, months, kind, limit=500)
    return render(request, "cultivation/alerts.html", {
        "alerts": shown, "total": counts[kind] if kind else sum(counts.values()), "counts": counts,
        "kinds": KINDS, "kind": kind, "months": months})


@zone_or_park_required
def plan(request):
    """三年培育计划 and 培育库: targets against new recognitions, and the enterprises being cultivated."""
    this_year = dt.date.today().year
    enterprises = visible_enterprises(request.user)
    pool = PoolEntry.objects.filter(enterprise__in=enterprises, exited_on=None).select_related("enterprise")
    progress = plan_progress(enterprises, range(this_year, this_year + 3))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(plan_workbook(progress, pool.order_by("title")), f"培育计划_{this_year}.xlsx")
    return render(request, "cultivation/plan.html", {
        "progress": progress, "pool": pool.order_by("title"),
        "titles": TITLE_CHOICES, "years": range(this_year, this_year + 3),
        "can_edit": request.scope.may("cultivation.manage")})


@require_POST
@staff_required
def plan_target(request):
    """Set one title's target of new recognitions for one year (三年培育计划)."""
    command = TargetCommand(request.POST)
    if not command.is_valid():
        messages.error(request, gettext("未能设定目标：{problems}").format(problems=problems(command)))
    else:
        data = command.cleaned_data
        set_target(data["title"], data["year"], data["target"], request.user)
        messages.success(request, gettext("已设定目标"))
    return _back(request, "cultivation:plan")


@require_POST
@staff_required
def pool_enter(request):
    """Put an enterprise the user may see in the 培育库, with the reason (from the plan or the 潜力企业 list)."""
    try:
        data = parse(PoolEntryCommand, request.POST, enterprises=visible_enterprises(request.user))
        enter_pool(data["enterprise"], data["title"], data["reason"], request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已加入培育库"))
    return _back(request, "cultivation:plan")


@require_POST
@staff_required
def pool_exit(request, pk: int):
    entry = get_object_or_404(PoolEntry.objects.filter(enterprise__in=visible_enterprises(request.user)), pk=pk)
    try:
        leave_pool(entry, parse(PoolExitCommand, request.POST)["reason"], request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已出库"))
    return _back(request, "cultivation:plan")


REPORT_FORMATS = {"docx": docx_bytes, "pdf": pdf_bytes}


@login_required
def report(request, credit_code: str, fmt: str):
    """一企一策 of one enterprise as .docx or .pdf, for whoever may see the enterprise."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    enterprise = get_object_or_404(visible_enterprises(request.user).select_related("park"), credit_code=credit_code)
    content = plan_report(enterprise, parse_year(request.GET.get("year")) or dt.date.today().year,
                          who=request.scope)
    return download(REPORT_FORMATS[fmt](content), f"{content.file_stem}.{fmt}")


@require_POST
@zone_or_park_required
def report_batch(request):
    """Queue the zip of 一企一策 for the 潜力企业 list as filtered; the job page shows progress and the download."""
    flt = CandidateFilter.from_query(request.POST)
    count = candidates(visible_enterprises(request.user), flt).count()
    if count == 0:
        messages.error(request, gettext("当前筛选没有企业，无法生成一企一策"))
        return redirect("cultivation:candidates")
    job = enqueue("plan_reports", {"year": flt.year, "user": request.user.pk, "filter": asdict(flt)}, request.user)
    shown = min(count, BATCH_LIMIT)
    messages.info(request, f"已提交 {shown} 家企业的一企一策批量生成任务" +
                  (f"（筛选结果 {count} 家，单次最多 {BATCH_LIMIT} 家，请缩小筛选）" if count > BATCH_LIMIT else ""))
    return redirect("jobs:detail", pk=job.pk)


@staff_required
def scenario_list(request):
    """政策模拟: the zone's scenarios, and a new one from the pack in force for a policy and year."""
    if request.method == "POST":
        try:
            scenario = create_scenario(request.POST, request.user)
        except Invalid as exc:
            messages.error(request, str(exc))
            return redirect("cultivation:scenarios")
        return redirect("cultivation:scenario", pk=scenario.pk)
    return render(request, "cultivation/scenarios.html", {
        "scenarios": Scenario.objects.select_related("created_by")[:200],
        "policies": [(p, policy_label(p)) for p in policies_available()],
        "years": range(dt.date.today().year, dt.date.today().year - 4, -1)})


@staff_required
@require_POST
def scenario_run(request, pk: int):
    """Save the numbers typed in, then queue the comparison as a background job (nothing runs on bad numbers)."""
    item = get_object_or_404(Scenario, pk=pk)
    try:
        update_scenario(item, request.POST, request.user)
    except Invalid as exc:
        return _scenario_page(request, item, exc.command)
    Scenario.objects.filter(pk=pk).update(status="queued", error="")
    enqueue("whatif", {"scenario": pk}, request.user)
    messages.info(request, gettext("已提交模拟计算，完成后本页显示结果"))
    return redirect("cultivation:scenario", pk=pk)


@staff_required
def scenario(request, pk: int):
    """One scenario: the sandbox numbers beside the official ones, the rewards, and the result beside the
    baseline; saving validates everything first (mistakes beside their fields), running queues the comparison
    as a background job."""
    item = get_object_or_404(Scenario, pk=pk)
    if request.method == "POST":
        try:
            update_scenario(item, request.POST, request.user)
        except Invalid as exc:
            return _scenario_page(request, item, exc.command)
        messages.success(request, gettext("已保存"))
        return redirect("cultivation:scenario", pk=pk)
    return _scenario_page(request, item)


def _scenario_page(request, item: Scenario, command: ScenarioCommand | None = None):
    official = packs_official(item)
    gained, lost = (flip_rows(item, "gained"), flip_rows(item, "lost")) if item.status == "done" else ([], [])
    if request.GET.get("export") == "xlsx" and item.status == "done":
        return xlsx_response(scenario_workbook(item, gained, lost), f"政策模拟_{item.name}.xlsx")
    command = command or ScenarioCommand(official=official, initial=ScenarioCommand.initial_of(item))
    return render(request, "cultivation/scenario.html", {
        "s": item, "official": official, "label": policy_label(item.policy), "form": command,
        "gained": gained, "lost": lost})
