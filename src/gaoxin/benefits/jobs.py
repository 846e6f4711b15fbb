"""Background job of the benefits domain: matching the zone (or what changed) against the benefits in force."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from gaoxin.benefits.runs import generate
from gaoxin.benefits.services import match_enterprises, refresh_stale
from gaoxin.jobs.services import Output, handler


@handler("match_benefits")
def match_job(params: dict, progress) -> str:
    """params: `stale_only` (refresh what changed, or an earlier day's rows) or `enterprises` (ids) or neither."""
    if params.get("stale_only"):
        stored = refresh_stale(progress=progress)
    else:
        stored = match_enterprises(enterprise_ids=params.get("enterprises"), progress=progress)
    return f"政策匹配完成：写入 {stored} 条结果"


@handler("benefit_run")
def run_job(params: dict, progress) -> str:
    """params: benefit (code), user (who generates it: staff)."""
    user = get_user_model().objects.get(pk=params["user"])
    run = generate(params["benefit"], user, progress=progress)
    return f"已生成免申即享名单 #{run.pk}：{run.lines.count()} 家企业，合计 {run.total.normalize():f} 万元"


@handler("benefit_whatif")
def whatif_job(params: dict, progress) -> Output:
    """params: benefit (code), changes ({knob key: value as shown})."""
    from gaoxin.benefits.selectors import find
    from gaoxin.benefits.whatif import simulate

    benefit = find(params["benefit"])
    if benefit is None:
        raise ValueError(gettext("没有这项政策"))
    return simulate(benefit, {k: float(v) for k, v in params["changes"].items()}, progress)
