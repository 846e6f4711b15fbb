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

from django.db.models import Exists, OuterRef, Q, QuerySet

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


def alerts(enterprises: QuerySet[Enterprise], today: dt.date, months: int = 6, kind: str = "",
           limit: int | None = None) -> list[Alert]:
    """The alerts of one kind (or every kind) for these enterprises on `today`, most urgent first within each
    kind; at most `limit` in all. Each kind is one query that the database orders and cuts, so a zone of
    100,000 enterprises is not turned into Python objects to show a page of 500."""
    out = []
    for name in KINDS if not kind else [kind]:
        if limit is not None and len(out) >= limit:
            break  # a page shows the first `limit` in kind order: later kinds are not read at all
        rows, render = _KINDS[name](enterprises, today, months)
        out += [render(row) for row in (rows[:limit - len(out)] if limit is not None else rows)]
    return out


def alert_counts(enterprises: QuerySet[Enterprise], today: dt.date, months: int = 6) -> dict[str, int]:
    return {name: query(enterprises, today, months)[0].count() for name, query in _KINDS.items()}


def _held(enterprises: QuerySet[Enterprise], today: dt.date) -> QuerySet[TitleHeld]:
    return of_enterprises(TitleHeld.objects.filter(held_on(today)), enterprises).select_related("enterprise")


def _expiring(enterprises, today: dt.date, months: int):
    rows = _held(enterprises, today).filter(valid_until__lte=add_months(today, months)).exclude(
        title="tech_sme").order_by("valid_until", "enterprise__credit_code")
    return rows, lambda t: Alert("expiring", t.enterprise, t.title,
                                 f"有效期至 {t.valid_until:%Y-%m-%d}，剩余 {t.days_left(today)} 天", t.valid_until)


def _reregister(enterprises, today: dt.date, months: int):
    year_end = dt.date(today.year, 12, 31)
    rows = _held(enterprises, today).filter(Q(valid_until=None) | Q(valid_until__lte=year_end),
                                            title="tech_sme").order_by("enterprise__credit_code")
    return rows, lambda t: Alert("reregister", t.enterprise, t.title, "科小登记编号只在当年有效，须每年重新评价入库",
                                 year_end)


def _unfiled(enterprises, today: dt.date, months: int):
    deadline = dt.date(today.year, *FILING_DEADLINE)
    if today <= deadline:
        return enterprises.none(), None
    filed = AnnualFigures.objects.filter(year=today.year - 1).values("enterprise_id")
    rows = enterprises.exclude(pk__in=filed).exclude(founded_on__year__gte=today.year).order_by("credit_code")
    return rows, lambda e: Alert("unfiled", e, "", f"{today.year - 1} 年度数据未报送（截止 {deadline:%m 月 %d 日}）",
                                 deadline)


def _verdict_rows(enterprises, today: dt.date, holding: bool, verdict: str) -> QuerySet[Evaluation]:
    holds = Exists(TitleHeld.objects.filter(held_on(today), enterprise=OuterRef("enterprise"),
                                            title=OuterRef("policy")))
    rows = of_enterprises(Evaluation.objects.filter(assessment_year=today.year, stale=False, verdict=verdict,
                                                    policy__in=list(TITLE_BY_CODE)), enterprises)
    return rows.filter(holds if holding else ~holds).select_related("enterprise").defer("packed").order_by(
        "enterprise__credit_code", "policy")


def _at_risk(enterprises, today: dt.date, months: int):
    return (_verdict_rows(enterprises, today, True, "not_qualified"),
            lambda r: Alert("at_risk", r.enterprise, r.policy, f"当前数据差 {r.unmet} 项", None))


def _newly_qualified(enterprises, today: dt.date, months: int):
    return (_verdict_rows(enterprises, today, False, "qualified"),
            lambda r: Alert("newly_qualified", r.enterprise, r.policy, f"{today.year} 年度评价符合条件", None))


_KINDS = {"expiring": _expiring, "reregister": _reregister, "unfiled": _unfiled, "at_risk": _at_risk,
          "newly_qualified": _newly_qualified}
