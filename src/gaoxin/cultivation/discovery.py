"""主动发现 (required of platforms by the 2026 办法): after new data arrive, the enterprises they flag — a first
invention patent granted, a round of equity financing, revenue or staff crossing a policy's threshold, a new title
with the next rung in reach — each with its reason and the source of the data, found once.

Run with the verdict refresh that follows every change (`jobs.evaluate_job`), over the enterprises whose data
changed. Each check reads its table for all of them at once; only the few flagged rows are looked at one by one.
A new discovery opens a to-do for the enterprise's 服务专员 and shows on the 潜力企业 list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Min

from gaoxin.contract.titles import TITLE_BY_CODE, TITLES
from gaoxin.cultivation.machines import DISCOVERY
from gaoxin.cultivation.models import Discovery, ServiceAssignment
from gaoxin.cultivation.services import zone_variants
from gaoxin.engine.library import assessment_date, pack_for
from gaoxin.engine.schema import POLICIES
from gaoxin.engine.thresholds import crossing, lower_thresholds
from gaoxin.registry import lineage
from gaoxin.registry.models import AnnualFigures, IntellectualProperty, TitleHeld, held_on
from gaoxin.workflow.models import Task

RECENT_DAYS = 365  # a grant, a title or a round older than this is history, not news
BAND_FIELDS = frozenset({"revenue", "employees"})


@dataclass(frozen=True)
class Found:
    enterprise_id: int
    kind: str
    key: str
    reason: str
    source: str
    target: str = ""


def discover(enterprise_ids: list[int], today: dt.date | None = None) -> int:
    """Record what the enterprises' data now flag and was not found before; returns how many are new."""
    today = today or dt.date.today()
    if not enterprise_ids:
        return 0
    found = [*_first_inventions(enterprise_ids, today), *_financing(enterprise_ids, today),
             *_bands(enterprise_ids, today), *_new_titles(enterprise_ids, today)]
    return record(found, today)


def record(found: list[Found], today: dt.date) -> int:
    """Keep the new ones (one per enterprise, kind and key, whatever became of an earlier one) and give each
    enterprise's 服务专员 a to-do."""
    if not found:
        return 0
    ids = {f.enterprise_id for f in found}
    known = set(Discovery.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "kind", "key"))
    fresh = {(f.enterprise_id, f.kind, f.key[:120]): f for f in found}
    new = [Discovery(enterprise_id=f.enterprise_id, kind=f.kind, key=k[2], reason=f.reason[:300],
                     source=f.source[:200], target=f.target, found_on=today)
           for k, f in fresh.items() if k not in known]
    with transaction.atomic():
        Discovery.objects.bulk_create(new, batch_size=2000)
        _to_dos({(d.enterprise_id, d.kind, d.key) for d in new})
    return len(new)


def _to_dos(keys: set[tuple[int, str, str]]) -> None:
    if not keys:
        return
    made = [d for d in Discovery.objects.filter(enterprise_id__in={k[0] for k in keys}, status="new")
            .select_related("enterprise") if (d.enterprise_id, d.kind, d.key) in keys]
    officers: dict[int, set[int]] = {}
    for enterprise_id, officer_id in ServiceAssignment.objects.filter(
            enterprise_id__in={d.enterprise_id for d in made}, ended_at=None).values_list("enterprise_id",
                                                                                         "officer_id"):
        officers.setdefault(enterprise_id, set()).add(officer_id)
    kind = ContentType.objects.get_for_model(Discovery)
    Task.objects.bulk_create(
        (Task(content_type=kind, object_id=d.pk, user_id=officer, link=DISCOVERY.link(d)[:300],
              title=f"主动发现：{d.enterprise.name} {d.get_kind_display()}，请联系企业了解情况"[:200])
         for d in made for officer in officers.get(d.enterprise_id, ())), batch_size=2000)


def _recent(day: dt.date | None, today: dt.date) -> bool:
    return day is not None and today - dt.timedelta(days=RECENT_DAYS) <= day <= today


def _from_batch(batch) -> str:
    """Where a right or a title came from: the import that recorded it, or a staff member's entry."""
    return "工作人员录入" if batch is None else f"{batch.get_kind_display()} #{batch.pk} {batch.file_name}"


def _first_inventions(ids: list[int], today: dt.date) -> list[Found]:
    """The first invention patent an enterprise was granted, when that grant is recent (高企 asks for Ⅰ类)."""
    firsts = (IntellectualProperty.objects.filter(enterprise_id__in=ids, kind="invention_patent")
              .exclude(granted_on=None).values("enterprise_id").annotate(first=Min("granted_on")))
    recent = {r["enterprise_id"]: r["first"] for r in firsts if _recent(r["first"], today)}
    rights = IntellectualProperty.objects.filter(enterprise_id__in=recent, kind="invention_patent").select_related(
        "source")
    out = []
    for right in rights:
        if right.granted_on == recent[right.enterprise_id]:
            out.append(Found(right.enterprise_id, "first_invention", right.number,
                             f"首件发明专利授权：{right.number}《{right.title}》，{right.granted_on:%Y-%m-%d} 授权",
                             _from_batch(right.source), "high_tech"))
    return out


def _recent_years(ids: list[int], today: dt.date, fields: tuple[str, ...]) -> pl.DataFrame:
    rows = list(AnnualFigures.objects.filter(enterprise_id__in=ids, year__gte=today.year - 3)
                .values("enterprise_id", "year", *fields))
    schema = {"enterprise_id": pl.Int64, "year": pl.Int64, **dict.fromkeys(fields, pl.Float64)}
    return pl.DataFrame(rows, schema=schema, strict=False) if rows else pl.DataFrame(schema=schema)


def _financing(ids: list[int], today: dt.date) -> list[Found]:
    """Equity financing reported for last year or this one: a round the zone may not have heard of."""
    frame = _recent_years(ids, today, ("equity_financing",)).filter(
        (pl.col("year") >= today.year - 1) & (pl.col("equity_financing") > 0))
    out = []
    for row in frame.iter_rows(named=True):
        figures = AnnualFigures.objects.get(enterprise_id=row["enterprise_id"], year=row["year"])
        out.append(Found(row["enterprise_id"], "financing", str(row["year"]),
                         f"{row['year']} 年度获得股权融资 {row['equity_financing']:,.2f} 万元",
                         lineage.describe(lineage.chosen(figures, "equity_financing")), "gazelle"))
    return out


def _bands(ids: list[int], today: dt.date) -> list[Found]:
    """Revenue or staff that crossed a threshold of a policy in use between the two latest years of figures,
    for enterprises that do not hold that title yet."""
    on = assessment_date(today.year)
    variants = zone_variants()
    packs = [pack_for(p, on, variants.get(p, "national")) for p in POLICIES]
    thresholds = lower_thresholds(packs, BAND_FIELDS)
    frame = _recent_years(ids, today, tuple(sorted(BAND_FIELDS))).sort("enterprise_id", "year")
    if frame.is_empty() or not thresholds:
        return []
    latest = frame.group_by("enterprise_id").agg(pl.col("year").max().alias("year"))
    pairs = latest.join(frame, on=["enterprise_id", "year"]).join(
        frame.with_columns(pl.col("year") + 1), on=["enterprise_id", "year"], suffix="_before")
    holders = set(TitleHeld.objects.filter(held_on(today), enterprise_id__in=ids).values_list("enterprise_id",
                                                                                            "title"))
    out = []
    for t in thresholds:
        hit = pairs.filter(crossing(t, pl.col(f"{t.field}_before"), pl.col(t.field)))
        for row in hit.iter_rows(named=True):
            if (row["enterprise_id"], t.policy) in holders:
                continue
            out.append(_band_found(t, row))
    return out


def _band_found(t, row: dict) -> Found:
    unit = "万元" if t.field == "revenue" else "人"
    name = "营业收入" if t.field == "revenue" else "职工总数"
    figures = AnnualFigures.objects.get(enterprise_id=row["enterprise_id"], year=row["year"])
    target = t.policy if t.policy in TITLE_BY_CODE else ""
    return Found(row["enterprise_id"], "band", f"{t.policy}:{t.field}:{t.value:g}:{row['year']}",
                 f"{row['year']} 年度{name} {row[t.field]:,.0f} {unit}，上年 {row[f'{t.field}_before']:,.0f} {unit}，"
                 f"跨过{t.pack}“{t.label}”（{t.article}）",
                 lineage.describe(lineage.chosen(figures, t.field)), target)


def _new_titles(ids: list[int], today: dt.date) -> list[Found]:
    """A title recognised recently, and the next rung the enterprise does not hold (一企一策's next step)."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    grants = list(TitleHeld.objects.filter(enterprise_id__in=ids, recognized_on__gte=since,
                                           recognized_on__lte=today).select_related("source"))
    held = set(TitleHeld.objects.filter(held_on(today), enterprise_id__in=ids).values_list("enterprise_id",
                                                                                         "title"))
    out = []
    for grant in grants:
        here = TITLE_BY_CODE[grant.title]
        ahead = next((t for t in TITLES if t.rung == here.rung + 1 and (grant.enterprise_id, t.code) not in held),
                     None)
        step = f"，可培育申报{ahead.label}" if ahead else ""
        out.append(Found(grant.enterprise_id, "new_title", f"{grant.title}:{grant.recognized_on.isoformat()}",
                         f"新获{here.label}（{grant.get_level_display()}，{grant.recognized_on:%Y-%m-%d} 认定）{step}",
                         _from_batch(grant.source), ahead.code if ahead else ""))
    return out
