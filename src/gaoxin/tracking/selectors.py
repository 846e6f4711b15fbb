"""Reading major projects: who sees which, each with its colour, and the statistics leaders ask for ("亿元以上
项目 95 个，其中科技类 73 个，占 76.84%")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from gaoxin.accounts.scope import Scope
from gaoxin.tracking.models import Escalation, MajorProject, Need, Visit
from gaoxin.tracking.status import rules, status


def visible_projects(user) -> QuerySet[MajorProject]:
    """Staff: all; a park liaison: its park's; an enterprise user: its enterprise's; anyone else: none."""
    rows, scope = MajorProject.objects.select_related("category", "park", "enterprise", "officer"), Scope.of(user)
    if scope.is_liaison:  # a project is its park's even before it has an enterprise
        return rows.filter(park_id=scope.park_id)
    return scope.of_enterprises(rows)


@dataclass
class ProjectFilter:
    year: int | None = None
    park: str = ""
    category: str = ""
    colour: str = ""
    large: bool = False  # 亿元以上 only
    science: bool = False  # 科技类 only

    @classmethod
    def from_query(cls, params) -> ProjectFilter:
        year = params.get("year", "")
        return cls(year=int(year) if year.isdigit() else None, park=params.get("park", ""),
                   category=params.get("category", ""), colour=params.get("colour", ""),
                   large=params.get("large") == "1", science=params.get("science") == "1")


def with_status(projects: QuerySet[MajorProject], flt: ProjectFilter, today: dt.date) -> list[MajorProject]:
    """The filtered projects, each with `.status` set; the colour filter applies after the rules."""
    if flt.year:
        projects = projects.filter(year=flt.year)
    if flt.park:
        projects = projects.filter(park__name=flt.park)
    if flt.category:
        projects = projects.filter(category__name=flt.category)
    if flt.large:
        projects = projects.filter(investment__gte=rules()["large_threshold"])
    if flt.science:
        projects = projects.filter(category__science=True)
    out = []
    for project in projects:
        project.status = status(project, today)
        if not flt.colour or project.status.colour == flt.colour:
            out.append(project)
    return out


@dataclass
class ParkRow:
    park: str
    projects: int = 0
    investment: Decimal = Decimal(0)
    invested_year: Decimal = Decimal(0)
    colours: Counter = field(default_factory=Counter)


@dataclass
class Statistics:
    year: int
    projects: int
    investment: Decimal
    year_plan: Decimal
    invested_year: Decimal
    large: int
    large_investment: Decimal
    large_science: int
    colours: Counter
    planned_to_land: int  # planned to start operating this year
    landed: int  # actually operating since the start of the year
    parks: list[ParkRow]
    threshold: Decimal

    @property
    def large_science_share(self) -> str:
        """The share as leaders write it: two decimals, e.g. 76.84%."""
        return f"{Decimal(self.large_science) * 100 / self.large:.2f}%" if self.large else "—"

    @property
    def year_done_share(self) -> str:
        return f"{self.invested_year * 100 / self.year_plan:.1f}%" if self.year_plan else "—"


def statistics(rows: list[MajorProject], year: int) -> Statistics:
    """Counts and sums over projects already carrying `.status` (see `with_status`)."""
    threshold = Decimal(str(rules()["large_threshold"]))
    large = [p for p in rows if p.investment >= threshold]
    parks: dict[str, ParkRow] = {}
    for p in rows:
        row = parks.setdefault(p.park.name, ParkRow(p.park.name))
        row.projects += 1
        row.investment += p.investment
        row.invested_year += p.invested_year
        row.colours[p.status.colour] += 1
    return Statistics(
        year=year, projects=len(rows), investment=sum((p.investment for p in rows), Decimal(0)),
        year_plan=sum((p.year_plan for p in rows), Decimal(0)),
        invested_year=sum((p.invested_year for p in rows), Decimal(0)),
        large=len(large), large_investment=sum((p.investment for p in large), Decimal(0)),
        large_science=sum(1 for p in large if p.category.science), colours=Counter(p.status.colour for p in rows),
        planned_to_land=sum(1 for p in rows if p.in_operation_by and p.in_operation_by.year == year),
        landed=sum(1 for p in rows if p.in_operation_on and p.in_operation_on.year == year),
        parks=sorted(parks.values(), key=lambda r: (-r.projects, r.park)), threshold=threshold)


def escalation_list(projects: QuerySet[MajorProject], today: dt.date) -> tuple[list[MajorProject], list[Escalation]]:
    """督办 list: red projects with no 督办 open yet, and the open ones (overdue first)."""
    open_items = list(Escalation.objects.filter(project__in=projects).exclude(status="closed")
                      .select_related("project", "project__park").order_by("due_on"))
    busy = {e.project_id for e in open_items}
    red = [p for p in with_status(projects.exclude(pk__in=busy), ProjectFilter(colour="red"), today)]
    return red, open_items


def visible_visits(user) -> QuerySet[Visit]:
    """Visit records are the zone's working notes: staff see all, a park liaison its park's, nobody else any."""
    return Scope.of(user).of_enterprises(Visit.objects.select_related("enterprise", "department"), own=False)


def visible_needs(user) -> QuerySet[Need]:
    """Staff: all; a park liaison: its park's; an enterprise user: its own; anyone else: none."""
    return Scope.of(user).of_enterprises(Need.objects.select_related("enterprise", "department"))


@dataclass
class NeedFilter:
    status: str = ""
    department: str = ""
    category: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, params) -> NeedFilter:
        return cls(status=params.get("status", ""), department=params.get("department", ""),
                   category=params.get("category", ""), overdue=params.get("overdue") == "1")


def filtered_needs(needs: QuerySet[Need], flt: NeedFilter, today: dt.date) -> QuerySet[Need]:
    if flt.status:
        needs = needs.filter(status=flt.status)
    if flt.department:
        needs = needs.filter(department__name=flt.department)
    if flt.category:
        needs = needs.filter(category=flt.category)
    if flt.overdue:
        needs = needs.filter(status__in=("open", "handling"), due_on__lt=today)
    return needs


@dataclass
class ServiceSummary:
    """The 走访 and 诉求 numbers on the dashboard for one year."""

    visited: int
    planned: int
    enterprises_visited: int
    needs: int
    open: int
    overdue: int
    closed: int
    satisfaction: str


def service_summary(user, year: int, today: dt.date) -> ServiceSummary:
    visits = visible_visits(user).filter(planned_on__year=year)
    needs = visible_needs(user).filter(raised_at__year=year)
    done = visits.exclude(visited_on=None)
    rated = [n for n in needs.exclude(satisfaction=None).values_list("satisfaction", flat=True)]
    return ServiceSummary(
        visited=done.count(), planned=visits.filter(visited_on=None, planned_on__gte=today).count(),
        enterprises_visited=done.values("enterprise").distinct().count(), needs=needs.count(),
        open=needs.filter(status__in=("open", "handling")).count(),
        overdue=needs.filter(status__in=("open", "handling"), due_on__lt=today).count(),
        closed=needs.filter(status="closed").count(),
        satisfaction=f"{sum(rated) / len(rated):.1f}" if rated else "—")
