"""Reads of the registry, always through what the user may see.

`visible_enterprises` is the one place that decides which enterprises a user can read: zone staff see all,
a park liaison sees the enterprises of the park, an enterprise user sees only its own, anyone else none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, QuerySet

from gaoxin.accounts.roles import Role, is_zone_staff, role_of
from gaoxin.contract.fields import FIGURE_FIELDS
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld, held_on


def of_enterprises(rows: QuerySet, enterprises: QuerySet[Enterprise], field: str = "enterprise") -> QuerySet:
    """`rows` restricted to these enterprises; no restriction at all when `enterprises` is every enterprise (zone
    staff), so the database is not asked to semi-join 100,000 ids it would keep anyway."""
    if enterprises.model is Enterprise and not enterprises.query.where and not enterprises.query.is_sliced:
        return rows
    return rows.filter(**{f"{field}__in": enterprises})


def of_visible_enterprises(rows: QuerySet, user) -> QuerySet:
    """Rows tied to an enterprise (`rows.model.enterprise`) as `user` may see them: staff (and system callers,
    None) every row, a park liaison those of its park's enterprises, an enterprise user its own, anyone else none."""
    if user is None or is_zone_staff(user):
        return rows
    profile = getattr(user, "profile", None)
    role = role_of(user)
    if role is Role.park_liaison and profile and profile.park_id:
        return rows.filter(enterprise__park_id=profile.park_id)
    if role is Role.enterprise_user and profile and profile.enterprise_id:
        return rows.filter(enterprise_id=profile.enterprise_id)
    return rows.none()


def visible_enterprises(user) -> QuerySet[Enterprise]:
    """The enterprises `user` may read (None = a system caller such as the CLI: everything)."""
    if user is None:
        return Enterprise.objects.all()
    role = role_of(user)
    if role in (Role.zone_admin, Role.zone_staff):
        return Enterprise.objects.all()
    profile = getattr(user, "profile", None)
    if role is Role.park_liaison and profile and profile.park_id:
        return Enterprise.objects.filter(park_id=profile.park_id)
    if role is Role.enterprise_user and profile and profile.enterprise_id:
        return Enterprise.objects.filter(pk=profile.enterprise_id)
    return Enterprise.objects.none()


def may_see_money(user) -> bool:
    """Whether the user may read enterprises' money figures (revenue, R&D expense, assets, profit …). A park
    liaison follows its park's enterprises (headcount, titles, projects) but their finances are business secrets
    held by the zone's bureaus: pages, exports and the API show them to a liaison as 不公开."""
    return role_of(user) is not Role.park_liaison


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
