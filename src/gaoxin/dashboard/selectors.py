"""The numbers of the 领导驾驶舱, each computed by the database in one aggregate query over the enterprises the
user may see: counts per title and year, the ladder funnel, moves between rungs, distribution by 园区 and 行业,
and the ranking against peer zones.

"Held at the end of year Y" means valid on 31 December of Y, or today for the current year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Substr

from gaoxin.contract.industries import section_label
from gaoxin.contract.titles import TITLE_BY_CODE, TITLES
from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.plan import plan_progress
from gaoxin.dashboard.models import PeerZoneCount
from gaoxin.registry.models import Enterprise, Park, TitleHeld, held_on
from gaoxin.registry.selectors import of_enterprises

RUNG_NAMES = {0: "未入梯队"} | {r: "、".join(t.short for t in TITLES if t.rung == r) for r in {t.rung for t in TITLES}}
CHARTED = ("tech_sme", "high_tech", "innovative_sme", "srdi_sme", "little_giant", "gazelle")


def year_end(year: int, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today if year >= today.year else dt.date(year, 12, 31)


def _titles(enterprises: QuerySet[Enterprise]) -> QuerySet[TitleHeld]:
    return of_enterprises(TitleHeld.objects.all(), enterprises)


@dataclass
class TitleYear:
    new: int
    total: int


@dataclass
class TitleRow:
    title: str
    label: str
    years: dict[int, TitleYear]


def title_counts(enterprises: QuerySet[Enterprise], years: list[int]) -> list[TitleRow]:
    """Per title, per year: enterprises newly recognised in the year and enterprises holding it at year end."""
    aggregates = {}
    for y in years:
        aggregates[f"new_{y}"] = Count("enterprise", distinct=True, filter=Q(recognized_on__year=y))
        aggregates[f"total_{y}"] = Count("enterprise", distinct=True, filter=held_on(year_end(y)))
    found = {r["title"]: r for r in _titles(enterprises).values("title").annotate(**aggregates)}
    return [TitleRow(t.code, t.label, {y: TitleYear(found.get(t.code, {}).get(f"new_{y}", 0),
                                                    found.get(t.code, {}).get(f"total_{y}", 0)) for y in years})
            for t in TITLES]


@dataclass
class FunnelStep:
    title: str
    label: str
    held: int
    qualified: int  # qualified in the year's evaluation but not holding it: could apply now


def funnel(enterprises: QuerySet[Enterprise], year: int, titles: list[TitleRow] | None = None,
           total: int | None = None) -> tuple[int, list[FunnelStep]]:
    """The number of enterprises, then per title in ladder order: holders at year end, and those qualified without
    it. `titles` and `total` reuse what the cockpit already counted.

    Qualified-but-not-held is all qualified verdicts minus those whose enterprise holds the title: two counts the
    verdict index answers alone (one verdict per enterprise, year and policy), the second semi-joined to the
    holders, cheaper than anti-joining every verdict."""
    on = year_end(year)
    held = {r.title: r.years[year].total for r in (titles or title_counts(enterprises, [year]))}
    verdicts = of_enterprises(Evaluation.objects.filter(assessment_year=year, verdict="qualified",
                                                        policy__in=list(TITLE_BY_CODE)), enterprises)
    qualified = dict(verdicts.values_list("policy").annotate(n=Count("enterprise")))
    holds = TitleHeld.objects.filter(held_on(on), enterprise=OuterRef("enterprise"), title=OuterRef("policy"))
    both = dict(verdicts.filter(Exists(holds)).values_list("policy").annotate(n=Count("enterprise")))
    steps = [FunnelStep(t.code, t.label, held.get(t.code, 0), qualified.get(t.code, 0) - both.get(t.code, 0))
             for t in TITLES]
    return (enterprises.count() if total is None else total), steps


def _rung_at(on: dt.date) -> Max:
    """The highest rung among the titles valid on `on` (NULL when none), for a GROUP BY enterprise."""
    valid = held_on(on)
    return Max(Case(*[When(valid & Q(title=t.code), then=Value(t.rung)) for t in TITLES],
                    output_field=IntegerField()))


def _tops(enterprises: QuerySet[Enterprise], year: int) -> QuerySet:
    """Per enterprise holding any title: its highest rung at the end of Y−1 (`before`) and of Y (`after`)."""
    return _titles(enterprises).values("enterprise").annotate(
        before=Coalesce(_rung_at(year_end(year - 1)), 0), after=Coalesce(_rung_at(year_end(year)), 0))


def transitions(enterprises: QuerySet[Enterprise], year: int, total: int | None = None) -> dict[tuple[int, int], int]:
    """How many enterprises moved from each rung at the end of Y−1 to each rung at the end of Y (0 = none)."""
    sql, params = _tops(enterprises, year).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT before, after, COUNT(*) FROM ({sql}) tops GROUP BY before, after", params)
        moves = {(before, after): n for before, after, n in cursor.fetchall()}
    untitled = (enterprises.count() if total is None else total) - sum(moves.values())
    moves[(0, 0)] = moves.get((0, 0), 0) + untitled
    return {k: v for k, v in moves.items() if v}


def moved(enterprises: QuerySet[Enterprise], year: int, before: int, after: int) -> QuerySet[Enterprise]:
    """The enterprises behind one cell of `transitions`."""
    if before == 0 and after == 0:
        ranked = _tops(enterprises, year).filter(Q(before__gt=0) | Q(after__gt=0)).values("enterprise")
        return enterprises.exclude(pk__in=ranked)
    return enterprises.filter(pk__in=_tops(enterprises, year).filter(before=before, after=after).values("enterprise"))


@dataclass
class Distribution:
    groups: list[tuple[str, str]]  # (key used in drill-down links, label)
    enterprises: dict[str, int]  # key → enterprises in the group
    held: dict[tuple[str, str], int]  # (key, title) → holders


def distributions(enterprises: QuerySet[Enterprise], year: int) -> tuple[Distribution, Distribution]:
    """Enterprises and title holders at year end by 园区 and by 行业门类, from two queries grouped by both at once
    (an enterprise has one park and one industry, so the cells add up along either side). Holders are the distinct
    (enterprise, title) pairs valid at year end, counted after the join: no per-group DISTINCT to sort."""
    names = dict(Park.objects.values_list("pk", "name"))
    cells = [(names.get(park), section, n) for park, section, n in enterprises.annotate(
        section=Substr("industry_code", 1, 1)).values_list("park_id", "section").annotate(n=Count("pk"))]
    pairs, params = _titles(enterprises).filter(held_on(year_end(year))).values(
        "enterprise_id", "title").order_by().distinct().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.park_id, substr(e.industry_code, 1, 1), t.title, COUNT(*) FROM ({pairs}) t "
                       f"JOIN {Enterprise._meta.db_table} e ON e.id = t.enterprise_id GROUP BY 1, 2, 3", params)
        held = [(names.get(park), section, title, n) for park, section, title, n in cursor.fetchall()]
    return (_fold(cells, held, 0, lambda k: k or "未分配园区"), _fold(cells, held, 1, section_label))


def _fold(cells: list[tuple], held: list[tuple], axis: int, label) -> Distribution:
    sizes: Counter[str] = Counter()
    holders: Counter[tuple[str, str]] = Counter()
    for *key, n in cells:
        sizes[key[axis] or ""] += n
    for *key, title, n in held:
        holders[(key[axis] or "", title)] += n
    keys = sorted(sizes, key=lambda k: (not k, -sizes[k], k))
    return Distribution([(k, label(k)) for k in keys], dict(sizes), dict(holders))


@dataclass
class Ranked:
    zone: str
    count: int
    rank: int
    ours: bool


@dataclass
class Ranking:
    year: int
    title: str
    label: str
    measure: str
    rows: list[Ranked]

    @property
    def our_rank(self) -> int:
        return next(r.rank for r in self.rows if r.ours)


def zone_name() -> str:
    return settings.GAOXIN_ZONE_NAME


def peer_years() -> list[int]:
    return sorted(set(PeerZoneCount.objects.exclude(zone=zone_name()).values_list("year", flat=True)))


def peer_rankings(enterprises: QuerySet[Enterprise], titles: list[TitleRow] | None = None) -> list[Ranking]:
    """For every (year, title, 口径) in the imported peer table: the peers and this zone, ranked by count (ties
    share a rank); this zone's count comes from the registry, the same way the title table counts it (`titles`
    when the caller counted them already, covering the peer years)."""
    peers = list(PeerZoneCount.objects.exclude(zone=zone_name()))
    keys = sorted({(p.year, p.title, p.measure) for p in peers})
    if not keys:
        return []
    rows = titles or title_counts(enterprises, sorted({k[0] for k in keys}))
    ours = {y: {r.title: r.years[y] for r in rows} for y in {k[0] for k in keys}}
    out = []
    for year, title, measure in keys:
        counts = [(p.zone, p.count) for p in peers if (p.year, p.title, p.measure) == (year, title, measure)]
        mine = getattr(ours[year].get(title, TitleYear(0, 0)), measure)
        counts.append((zone_name(), mine))
        rows = [Ranked(z, c, 1 + sum(other > c for _, other in counts), z == zone_name())
                for z, c in sorted(counts, key=lambda zc: (-zc[1], zc[0] != zone_name(), zc[0]))]
        label = TITLE_BY_CODE[title].label if title in TITLE_BY_CODE else title
        out.append(Ranking(year, title, label, measure, rows))
    return out


@dataclass
class Cockpit:
    """Everything the dashboard shows for one year, computed once for the page and its Excel export."""

    year: int
    years: list[int]
    enterprises: int
    titles: list[TitleRow]
    funnel: list[FunnelStep]
    moves: dict[tuple[int, int], int]
    parks: Distribution
    industries: Distribution
    plan: list
    rankings: list[Ranking]

    @property
    def rungs(self) -> list[int]:
        """The rungs that appear in the moves, in ladder order (rows and columns of the matrix)."""
        return sorted({r for pair in self.moves for r in pair})

    @property
    def climbed(self) -> int:
        return sum(n for (before, after), n in self.moves.items() if after > before)

    @property
    def dropped(self) -> int:
        return sum(n for (before, after), n in self.moves.items() if after < before)


def cockpit(enterprises: QuerySet[Enterprise], year: int) -> Cockpit:
    """Each number counted once: the title table covers the shown years and the peer table's, and feeds the funnel
    and the ranking."""
    years = list(range(year - 3, year + 1))
    titles = title_counts(enterprises, sorted(set(years) | set(peer_years())))
    total = enterprises.count()
    _, steps = funnel(enterprises, year, titles, total)
    parks, industries = distributions(enterprises, year)
    return Cockpit(year=year, years=years, enterprises=total, titles=titles, funnel=steps,
                   moves=transitions(enterprises, year, total), parks=parks, industries=industries,
                   plan=plan_progress(enterprises, range(year, year + 1)), rankings=peer_rankings(enterprises, titles))


def titles_now(enterprise_ids: list[int], on: dt.date) -> dict[int, list[str]]:
    """The short names of the titles each enterprise holds on `on`, in ladder order (one query for a page)."""
    order = {t.code: i for i, t in enumerate(TITLES)}
    out: dict[int, list[str]] = {}
    rows = TitleHeld.objects.filter(held_on(on), enterprise_id__in=enterprise_ids).values_list("enterprise_id",
                                                                                               "title")
    for enterprise_id, title in sorted(set(rows), key=lambda r: order.get(r[1], 99)):
        out.setdefault(enterprise_id, []).append(TITLE_BY_CODE[title].short)
    return out
