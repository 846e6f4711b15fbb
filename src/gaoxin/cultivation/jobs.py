"""Background job handlers of the cultivation domain."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Case, When
from django.utils.translation import gettext

from gaoxin.cultivation.discovery import discover
from gaoxin.cultivation.models import Scenario
from gaoxin.cultivation.report.batch import BATCH_LIMIT, plan_zip
from gaoxin.cultivation.selectors import CandidateFilter, candidates
from gaoxin.cultivation.services import evaluate_enterprises, refresh_stale, stale_ids
from gaoxin.cultivation.whatif import run_scenario
from gaoxin.jobs.services import Output, handler
from gaoxin.registry.models import Enterprise
from gaoxin.registry.selectors import visible_enterprises


@handler("evaluate")
def evaluate_job(params: dict, progress) -> str:
    """params: year; `enterprises` (ids) or `stale_only` (refresh what changed) or neither (the whole zone)."""
    year = int(params["year"])
    if params.get("stale_only"):  # after a change: the changed enterprises' verdicts, then what their data flag
        changed = stale_ids(year)
        stored = refresh_stale(year, progress, changed)
        found = discover(changed)
        return f"{year} 年度评价完成：写入 {stored} 条结论" + (f"；主动发现 {found} 条" if found else "")
    stored = evaluate_enterprises(year, params.get("enterprises"), progress)
    return f"{year} 年度评价完成：写入 {stored} 条结论"


@handler("plan_reports")
def plan_reports_job(params: dict, progress) -> Output:
    """params: year, user (whose visibility applies) and `filter` (a 潜力企业 filter) or `codes` (credit codes)."""
    user = get_user_model().objects.filter(pk=params.get("user")).first()
    year = int(params["year"])
    visible = visible_enterprises(user) if user is not None else Enterprise.objects.none()
    if "codes" in params:
        chosen = visible.filter(credit_code__in=params["codes"]).order_by("credit_code")
    else:
        flt = CandidateFilter(**params["filter"])
        ids = list(candidates(visible, flt).values_list("enterprise_id", flat=True)[:BATCH_LIMIT])
        order = Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(ids)])
        chosen = Enterprise.objects.filter(pk__in=ids).order_by(order) if ids else Enterprise.objects.none()
    path, count = plan_zip(chosen, year, progress, who=user)
    if count == 0:
        path.unlink(missing_ok=True)
        raise ValueError(gettext("筛选结果为空，没有可生成的一企一策"))
    return Output(f"已生成 {count} 家企业的一企一策（Word 与 PDF 各一份）", path, f"一企一策_{year}_{count}家.zip")


@handler("whatif")
def whatif_job(params: dict, progress) -> str:
    """params: scenario (id). A failure is kept on the scenario too, so its page can say why."""
    scenario = Scenario.objects.get(pk=params["scenario"])
    try:
        run_scenario(scenario, progress)
    except Exception as exc:
        Scenario.objects.filter(pk=scenario.pk).update(status="failed", error=str(exc)[:2000])
        raise
    summary = scenario.summary
    return f"政策模拟“{scenario.name}”完成：新增符合 {summary['gained']} 家，不再符合 {summary['lost']} 家"
