"""动态管理 alerts: the work list zone staff open each morning.

Each alert names an enterprise, the title concerned, what happened and by when to act:
- a title expiring within the warning window (default 6 months);
- 科技型中小企业 registration that lapses at year end (valid for the current year only, so due again next year);
- last year's figures not filed after the filing deadline (31 May, the 梯度平台 update date);
- a held title the current figures no longer support (the stored verdict is 不符合: a risk at 复核);
- newly qualified for a title the enterprise does not hold (apply this year).
Computed from stored verdicts and the registry with a few queries, never per enterprise in Python loops over the
database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.cultivation.models import Evaluation
from gaoxin.months import add_months
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld, held_on
from gaoxin.registry.selectors import of_enterprises

KINDS = {
    "expiring": "称号即将到期",
    "reregister": "科小需年度重新评价入库",
    "unfiled": "上年度数据未报送",
    "at_risk": "持有称号但当前数据已不满足（复核风险）",
    "newly_qualified": "已符合条件但未持有（可申报）",
}
FILING_DEADLINE = (5, 31)  # 梯度平台 / 高企年报: 上年度数据 by 31 May


@dataclass(frozen=True)
class Alert:
    kind: str
    enterprise: Enterprise
    title: str
    detail: str
    due: dt.date | None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def title_label(self) -> str:
        return TITLE_BY_CODE[self.title].label if self.title in TITLE_BY_CODE else self.title


def alerts(enterprises: QuerySet[Enterprise], today: dt.date, months: int = 6) -> list[Alert]:
    """Every alert for these enterprises on `today`, most urgent first within each kind."""
    held = of_enterprises(TitleHeld.objects.filter(held_on(today)), enterprises).select_related("enterprise")
    held = list(held)
    out = _expiring(held, today, months) + _reregister(held, today)
    out += _unfiled(enterprises, today) + _verdicts(enterprises, today)
    order = list(KINDS)
    return sorted(out, key=lambda a: (order.index(a.kind), a.due or dt.date.max, a.enterprise.credit_code))


def _expiring(held: list[TitleHeld], today: dt.date, months: int) -> list[Alert]:
    horizon = add_months(today, months)
    return [Alert("expiring", t.enterprise, t.title, f"有效期至 {t.valid_until:%Y-%m-%d}，剩余 {t.days_left(today)} 天",
                  t.valid_until)
            for t in held if t.valid_until and t.valid_until <= horizon and t.title != "tech_sme"]


def _reregister(held: list[TitleHeld], today: dt.date) -> list[Alert]:
    year_end = dt.date(today.year, 12, 31)
    return [Alert("reregister", t.enterprise, t.title, "科小登记编号只在当年有效，须每年重新评价入库", year_end)
            for t in held if t.title == "tech_sme" and (t.valid_until is None or t.valid_until <= year_end)]


def _unfiled(enterprises: QuerySet[Enterprise], today: dt.date) -> list[Alert]:
    deadline = dt.date(today.year, *FILING_DEADLINE)
    if today <= deadline:
        return []
    filed = AnnualFigures.objects.filter(year=today.year - 1).values("enterprise_id")
    missing = enterprises.exclude(pk__in=filed).exclude(founded_on__year__gte=today.year)
    return [Alert("unfiled", e, "", f"{today.year - 1} 年度数据未报送（截止 {deadline:%m 月 %d 日}）", deadline)
            for e in missing.order_by("credit_code")]


def _verdicts(enterprises: QuerySet[Enterprise], today: dt.date) -> list[Alert]:
    holds = TitleHeld.objects.filter(held_on(today), enterprise=OuterRef("enterprise"), title=OuterRef("policy"))
    rows = of_enterprises(Evaluation.objects.filter(assessment_year=today.year, stale=False,
                                                    policy__in=list(TITLE_BY_CODE)), enterprises)
    rows = rows.select_related("enterprise")
    at_risk = rows.filter(Exists(holds), verdict="not_qualified")
    qualified = rows.filter(~Exists(holds), verdict="qualified")
    return ([Alert("at_risk", r.enterprise, r.policy, f"当前数据差 {r.unmet} 项", None) for r in at_risk]
            + [Alert("newly_qualified", r.enterprise, r.policy, f"{today.year} 年度评价符合条件", None)
               for r in qualified])

