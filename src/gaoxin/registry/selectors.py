"""Reads of the registry, always through what the user may see.

Which enterprises a user can read is the scope's (`accounts.scope.Scope.enterprises`): zone staff see all, a park
liaison the enterprises of the park, an enterprise user only its own, anyone else none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, QuerySet

from gaoxin.accounts.scope import Scope
from gaoxin.contract.fields import FIGURE_FIELDS
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld, held_on


def of_enterprises(rows: QuerySet, enterprises: QuerySet[Enterprise], field: str = "enterprise") -> QuerySet:
    """`rows` restricted to these enterprises; no restriction at all when `enterprises` is every enterprise (zone
    staff), so the database is not asked to semi-join 100,000 ids it would keep anyway."""
    if enterprises.model is Enterprise and not enterprises.query.where and not enterprises.query.is_sliced:
        return rows
    return rows.filter(**{f"{field}__in": enterprises})


def of_visible_enterprises(rows: QuerySet, user) -> QuerySet:
    """Rows tied to an enterprise (`rows.model.enterprise`) as `user` may see them (the scope decides)."""
    return Scope.of(user).of_enterprises(rows)


def visible_enterprises(user) -> QuerySet[Enterprise]:
    """The enterprises `user` may read (None = a system caller such as the CLI: everything); the scope decides."""
    return Scope.of(user).enterprises()


def may_see_money(user) -> bool:
    """Whether the user may read enterprises' money figures (rule `registry.read_money`)."""
    return Scope.of(user).may("registry.read_money")


def money_codes() -> tuple[str, ...]:
    return tuple(f.code for f in FIGURE_FIELDS if f.kind == "money")


@dataclass
class EnterpriseFilter:
    q: str = ""
    park: str = ""
    industry: str = ""
    title: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, params) -> EnterpriseFilter:
        year = params.get("year", "")
        return cls(q=params.get("q", "").strip(), park=params.get("park", ""),
                   industry=params.get("industry", "").strip(), title=params.get("title", ""),
                   year=int(year) if year.isdigit() else None)

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", None)}


def latest_year() -> int:
    return AnnualFigures.objects.aggregate(y=Max("year"))["y"] or dt.date.today().year - 1


def filtered_enterprises(user, flt: EnterpriseFilter) -> QuerySet[Enterprise]:
    """The enterprise list behind the list page and its Excel export: same filters, same rows."""
    qs = visible_enterprises(user).active().select_related("park").search(flt.q)
    if flt.park:
        qs = qs.filter(park__name=flt.park)
    if flt.industry:
        qs = qs.filter(industry_code__istartswith=flt.industry)
    if flt.title:
        on = dt.date(flt.year, 12, 31) if flt.year else dt.date.today()
        held = TitleHeld.objects.filter(held_on(on), enterprise=OuterRef("pk"), title=flt.title)
        qs = qs.filter(Exists(held))
    if flt.year:
        qs = qs.filter(annual_figures__year=flt.year)
    return qs.order_by("name")


def figures_by_enterprise(enterprise_ids: list[int], year: int) -> dict[int, AnnualFigures]:
    rows = AnnualFigures.objects.filter(enterprise_id__in=enterprise_ids, year=year)
    return {f.enterprise_id: f for f in rows}


def figure_series(enterprise: Enterprise) -> dict:
    """Figures over the years for the profile charts: {years: [...], series: {code: [...]}} in 万元 etc."""
    rows = list(enterprise.annual_figures.order_by("year"))
    charted = ("revenue", "rd_expense", "net_profit", "employees", "tech_staff")
    return {
        "years": [r.year for r in rows],
        "series": {code: [_plain(getattr(r, code)) for r in rows] for code in charted},
        "labels": {f.code: f.label for f in FIGURE_FIELDS if f.code in charted},
    }


def _plain(value):
    return None if value is None else float(value)


def ip_counts(enterprise: Enterprise, year: int) -> dict[str, int]:
    """The contract's yearly IP counts derived from the IP records (valid at year end, main product)."""
    end = dt.date(year, 12, 31)
    counts = {"ip_class1": 0, "ip_class1_self": 0, "ip_class1_high_value": 0, "ip_class2": 0}
    for ip in enterprise.ip_rights.filter(main_product=True):
        if not ip.valid_on(end):
            continue
        if ip.ip_class == 1:
            counts["ip_class1"] += 1
            counts["ip_class1_self"] += ip.acquisition == "self_developed"
            counts["ip_class1_high_value"] += ip.high_value
        else:
            counts["ip_class2"] += 1
    return counts
