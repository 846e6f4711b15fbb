"""Loading a generated zone into the database in bulk (the demo is data, not a sequence of user edits)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from gaoxin.contract.fields import BY_CODE, FIGURE_FIELDS
from gaoxin.demo.generator import Zone
from gaoxin.registry.events import bulk_written
from gaoxin.registry.importer import name_initials
from gaoxin.registry.lineage import Source
from gaoxin.registry.models import AnnualFigures, Enterprise, IntellectualProperty, Park, TitleHeld

BATCH = 2000


def _lineage() -> dict:
    """Every figure of the demo zone comes from one source, 演示数据, as of the day it was loaded."""
    return {"sources": [Source("demo", "演示园区").ref_json()], "default": 0, "fields": {}}


def _typed(code: str, value):
    if value is None:
        return None
    kind = BY_CODE[code].kind
    if kind in ("money", "number", "percent"):
        return Decimal(repr(float(value)))
    return value


@transaction.atomic
def load_zone(zone: Zone, progress: Callable[[int, int], None] | None = None) -> None:
    parks = {}
    for row in zone.parks.iter_rows(named=True):
        parks[row["name"]], _ = Park.objects.get_or_create(name=row["name"], defaults={"kind": row["kind"]})
    ids: dict[str, int] = {}
    rows = zone.enterprises.iter_rows(named=True)
    batch: list[Enterprise] = []
    lineage = _lineage()
    for done, row in enumerate(rows, start=1):
        park = parks[row.pop("park")]
        row = {k: ("" if v is None and k in ("high_tech_field", "listed_board") else v) for k, v in row.items()}
        batch.append(Enterprise(park=park, name_initials=name_initials(row["name"]), lineage=lineage, **row))
        if len(batch) == BATCH or done == zone.size:
            for e in Enterprise.objects.bulk_create(batch):
                ids[e.credit_code] = e.pk
            batch = []
            if progress:
                progress(done, zone.size)
    if not ids or None in ids.values():  # backends without RETURNING ids
        ids = dict(Enterprise.objects.values_list("credit_code", "id"))
    codes = [f.code for f in FIGURE_FIELDS]
    AnnualFigures.objects.bulk_create(
        (AnnualFigures(enterprise_id=ids[r["credit_code"]], year=r["year"], source="demo", lineage=lineage,
                       **{c: _typed(c, r.get(c)) for c in codes if c in r})
         for r in zone.annual.iter_rows(named=True)), batch_size=BATCH)
    TitleHeld.objects.bulk_create(
        (TitleHeld(enterprise_id=ids[r.pop("credit_code")], **r) for r in zone.titles.iter_rows(named=True)),
        batch_size=BATCH)
    IntellectualProperty.objects.bulk_create(
        (IntellectualProperty(enterprise_id=ids[r["credit_code"]], kind=r["kind"], number=r["number"],
                              title=r["title"], acquisition=r["acquisition"], granted_on=r["granted_on"],
                              high_value=r["high_value"])
         for r in zone.ip.iter_rows(named=True)), batch_size=BATCH)
    bulk_written.send(Enterprise)
