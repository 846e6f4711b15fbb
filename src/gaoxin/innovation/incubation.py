"""孵化载体 and their tenants: entry checked against the registry, time limits, graduation conditions (any one)
read from `incubation.yaml` and checked on the registry's titles and figures, the numbers the national annual
survey asks for, and each carrier's performance measured on its graduates' later growth and titles."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.creditcode import normalise
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.innovation.machines import TENANCY
from gaoxin.innovation.models import Carrier, Tenancy
from gaoxin.months import add_months, months_between
from gaoxin.registry import audit
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld, held_on
from gaoxin.workflow.machine import advance


class IncubationError(ValueError):
    """What stops an incubation step, in words."""


@cache
def rules() -> dict:
    return yaml.safe_load(Path(__file__).with_name("incubation.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    met: bool
    detail: str


def graduation(tenancy: Tenancy, today: dt.date) -> list[Condition]:
    """Each graduation condition with whether the registry shows it met, and the figures behind it."""
    return [CHECKS[rule["kind"]](tenancy, today, rule) for rule in rules()["graduation"]]


def _title(tenancy: Tenancy, today: dt.date, rule: dict) -> Condition:
    held = TitleHeld.objects.filter(held_on(today), enterprise=tenancy.enterprise, title=rule["title"]).exists()
    name = TITLE_BY_CODE[rule["title"]].label
    return Condition(rule["id"], rule["label"], held, f"{'持有有效的' if held else '未持有'}{name}")


def _sum_since_entry(tenancy: Tenancy, today: dt.date, rule: dict) -> Condition:
    values = AnnualFigures.objects.filter(enterprise=tenancy.enterprise, year__gte=tenancy.entered_on.year
                                          ).values_list(rule["field"], flat=True)
    total = sum((v for v in values if v is not None), Decimal(0))
    return Condition(rule["id"], rule["label"], total > rule["more_than"], f"入孵以来累计 {total.normalize():f} 万元")


def _two_year_revenue(tenancy: Tenancy, today: dt.date, rule: dict) -> Condition:
    revenue = dict(AnnualFigures.objects.filter(enterprise=tenancy.enterprise).exclude(revenue=None)
                   .values_list("year", "revenue"))
    pairs = [(y, revenue[y] + revenue[y - 1]) for y in revenue if y - 1 in revenue]
    best = max(pairs, key=lambda p: p[1], default=None)
    if best is None:
        return Condition(rule["id"], rule["label"], False, "缺少连续两年的营业收入")
    return Condition(rule["id"], rule["label"], best[1] > rule["more_than"],
                     f"{best[0] - 1}–{best[0]} 年累计 {best[1].normalize():f} 万元")


def _listed(tenancy: Tenancy, today: dt.date, rule: dict) -> Condition:
    board = tenancy.enterprise.listed_board
    return Condition(rule["id"], rule["label"], bool(board), f"已在{board}上市/挂牌" if board else "未上市")


CHECKS = {"title": _title, "sum_since_entry": _sum_since_entry, "two_year_revenue": _two_year_revenue,
          "listed": _listed}


@dataclass(frozen=True)
class Limit:
    months: int
    used: int  # whole months so far
    overdue: bool  # past the same day `months` after entry
    late: bool = False  # overdue and still incubating: the 超期 staff must act on (a graduate's overdue is history)


def time_limit(tenancy: Tenancy, today: dt.date) -> Limit:
    limit = rules()["time_limit"]
    months = limit["special_months"] if tenancy.special_field else limit["months"]
    end = tenancy.left_on or today
    overdue = end > add_months(tenancy.entered_on, months)
    return Limit(months, months_between(tenancy.entered_on, end), overdue,
                 overdue and tenancy.status == "incubating")


def admit(carrier: Carrier, credit_code: str, entered_on: dt.date, special: bool, by) -> Tenancy:
    """A registry enterprise enters, audited; an incubator or maker space takes only enterprises founded at most
    24 months before (accelerators take older ones). Staff only."""
    Scope.of(by).require("innovation.manage")
    enterprise = Enterprise.objects.filter(credit_code=normalise(credit_code)).first()
    if enterprise is None:
        raise IncubationError(gettext("企业库中没有该企业：请先登记企业"))
    if Tenancy.objects.filter(enterprise=enterprise, status="incubating").exists():
        raise IncubationError(gettext("{enterprise_name}已在孵").format(enterprise_name=enterprise.name))
    age_max = rules()["entry"]["age_max_months"]
    if carrier.kind != "accelerator" and enterprise.founded_on and entered_on > add_months(enterprise.founded_on,
                                                                                           age_max):
        raise IncubationError(gettext("入孵时成立已超过 {age_max} 个月（成立于 {founded_on:%Y-%m-%d}）")
                .format(age_max=age_max, founded_on=enterprise.founded_on))
    with transaction.atomic():
        tenancy = Tenancy.objects.create(carrier=carrier, enterprise=enterprise, entered_on=entered_on,
                                         special_field=special)
        audit.created(by, tenancy, ("carrier", "entered_on"))
    return tenancy


def graduate(tenancy: Tenancy, day: dt.date, by) -> Tenancy:
    """毕业 only when at least one condition is met; the conditions met become the recorded reason."""
    TENANCY.require_state(tenancy, "graduate")
    met = [c for c in graduation(tenancy, day) if c.met]
    if not met:
        raise IncubationError(gettext("尚未满足任何一项毕业条件"))
    reason = "；".join(f"{c.label}（{c.detail}）" for c in met)[:300]

    def change(locked: Tenancy) -> None:
        locked.left_on, locked.reason = day, reason

    return advance(TENANCY, tenancy, "graduate", by, reason, change=change)


def leave(tenancy: Tenancy, day: dt.date, reason: str, by) -> Tenancy:
    """退出 before graduating, with the reason."""
    def change(locked: Tenancy) -> None:
        locked.left_on, locked.reason = day, reason.strip()[:300]

    return advance(TENANCY, tenancy, "leave", by, reason, change=change)


@dataclass
class Survey:
    """The annual survey's numbers for one carrier (or all) and year."""

    carrier: str
    incubating: int  # at year end
    entered: int
    graduated: int
    graduated_total: int
    new_tech_sme: int  # tenants recognised as 科小 in the year while incubating
    new_high_tech: int
    jobs: int  # employees of the tenants at year end, from their latest figures
    density: str  # tenants per 1,000 m²


def survey(tenancies: QuerySet[Tenancy], year: int, name: str, area: Decimal) -> Survey:
    end = dt.date(year, 12, 31)
    present = tenancies.filter(entered_on__lte=end).filter(Q(left_on=None) | Q(left_on__gt=end))
    ids = list(present.values_list("enterprise_id", flat=True))
    during = tenancies.filter(entered_on__lte=end).filter(Q(left_on=None) | Q(left_on__gte=dt.date(year, 1, 1)))
    recognised = TitleHeld.objects.filter(enterprise_id__in=during.values("enterprise_id"), recognized_on__year=year)
    jobs = sum(_latest_employees(i) or 0 for i in ids)
    return Survey(name, len(ids), tenancies.filter(entered_on__year=year).count(),
                  tenancies.filter(status="graduated", left_on__year=year).count(),
                  tenancies.filter(status="graduated", left_on__lte=end).count(),
                  recognised.filter(title="tech_sme").values("enterprise").distinct().count(),
                  recognised.filter(title="high_tech").values("enterprise").distinct().count(), jobs,
                  f"{len(ids) * 1000 / area:.1f}" if area else "—")


def _latest_employees(enterprise_id: int) -> int | None:
    return (AnnualFigures.objects.filter(enterprise_id=enterprise_id).exclude(employees=None).order_by("-year")
            .values_list("employees", flat=True).first())


@dataclass
class Performance:
    """How a carrier's graduates did afterwards: not occupancy, but growth and titles."""

    graduates: int
    high_tech_now: int
    climbed: int  # hold a higher rung now than when they graduated
    revenue_growth: str  # median growth of revenue from the graduation year to the latest year


def performance(carrier: Carrier, today: dt.date) -> Performance:
    graduates = list(carrier.tenancies.filter(status="graduated").select_related("enterprise"))
    high_tech = climbed = 0
    growth = []
    for t in graduates:  # a carrier has tens of graduates, not thousands
        high_tech += TitleHeld.objects.filter(held_on(today), enterprise=t.enterprise, title="high_tech").exists()
        climbed += _rung(t.enterprise, today) > _rung(t.enterprise, t.left_on)
        revenue = dict(AnnualFigures.objects.filter(enterprise=t.enterprise).exclude(revenue=None)
                       .values_list("year", "revenue"))
        later = max((y for y in revenue if y > t.left_on.year), default=None)
        if t.left_on.year in revenue and later and revenue[t.left_on.year]:
            growth.append(float(revenue[later] / revenue[t.left_on.year] - 1))
    return Performance(len(graduates), high_tech, climbed,
                       f"{statistics.median(growth) * 100:.0f}%" if growth else "—")


def _rung(enterprise: Enterprise, day: dt.date) -> int:
    titles = TitleHeld.objects.filter(held_on(day), enterprise=enterprise).values_list("title", flat=True)
    return max((TITLE_BY_CODE[t].rung for t in titles if t in TITLE_BY_CODE), default=0)
