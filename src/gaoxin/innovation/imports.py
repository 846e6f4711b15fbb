"""Carriers' history in: each carrier's yearly 火炬统计 figures (past years too) from a zone's sheet, all or
nothing, every change audited. A carrier is found by its name (brackets and spaces forgiven); one the zone does
not have yet is created, of the type and level the sheet gives. A blank cell keeps what is stored."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from gaoxin.innovation.models import Carrier, CarrierYear
from gaoxin.intake.carriers import CarrierYearRecord, read_carrier_years
from gaoxin.intake.names import key
from gaoxin.registry import audit
from gaoxin.registry.models import AuditEntry, ImportBatch
from gaoxin.registry.uploads import begin, count, import_limits, read_or_reject, run_import, store

VIA = "孵化载体历年统计导入"
FIELDS = ("area", "revenue", *CarrierYear.COUNTS)


def queue_carrier_years(upload, user) -> ImportBatch:
    """Keep an uploaded sheet of carriers' yearly figures and queue its import (`innovation_carriers`)."""
    return store(upload, user, kind="carriers", job="innovation_carriers", rule="innovation.manage")


def run_carrier_years(batch_id: int) -> ImportBatch:
    return run_import(batch_id, import_carrier_years)


def import_carrier_years(data: bytes, file_name: str, user=None, batch: ImportBatch | None = None) -> ImportBatch:
    batch = begin("carriers", data, file_name, user, batch)
    read = read_or_reject(batch, lambda: read_carrier_years(data, file_name, import_limits()))
    if read is None:
        return batch
    with transaction.atomic():
        batch.status, batch.rows = "imported", len(read.records)
        batch.save()
        carriers, made = _carriers(read.records, user)
        counts = _write(read.records, carriers, batch, user)
        count(batch, counts["created"], counts["updated"], counts["unchanged"])
        batch.summary = gettext("新增载体 {made} 个；年度统计新增 {created} 条、更新 {updated} 条、"
                                "未变化 {unchanged} 条").format(made=made, **counts)[:200]
        batch.save()
    return batch


def _carriers(records: list[CarrierYearRecord], user) -> tuple[dict[str, Carrier], int]:
    """Each listed name's carrier: the zone's, by name as people spell it, or a new one."""
    known = {key(c.name): c for c in Carrier.objects.all()}
    out, made = {}, 0
    for r in records:
        if r.carrier in out:
            continue
        carrier = known.get(key(r.carrier))
        if carrier is None:
            carrier = Carrier.objects.create(name=r.carrier, kind=r.kind or "incubator", level=r.level or "none")
            audit.created(user, carrier, ("name", "kind", "level"))
            known[key(r.carrier)] = carrier
            made += 1
        out[r.carrier] = carrier
    return out, made


def _write(records: list[CarrierYearRecord], carriers: dict[str, Carrier], batch: ImportBatch, user) -> dict:
    existing = {(y.carrier_id, y.year): y for y in CarrierYear.objects.filter(
        carrier__in={c.pk for c in carriers.values()})}
    counts = dict.fromkeys(("created", "updated", "unchanged"), 0)
    new, changed, entries = [], [], []
    for r in records:
        carrier = carriers[r.carrier]
        current = existing.get((carrier.pk, r.year))
        label = f"{carrier.name} {r.year} 年度统计"
        if current is None:
            new.append(CarrierYear(carrier=carrier, year=r.year, source=batch, **r.values()))
            counts["created"] += 1
            entries.append(audit.entry(user=user, enterprise=None, subject="carrier", label=label,
                                       action="create", changes=audit.changes_between({}, r.values()), via=VIA,
                                       object_id=carrier.pk))
            continue
        changes = audit.apply_changes(current, r.values())
        if not changes:
            counts["unchanged"] += 1
            continue
        current.source = batch
        changed.append(current)
        counts["updated"] += 1
        entries.append(audit.entry(user=user, enterprise=None, subject="carrier", label=label, action="update",
                                   changes=changes, via=VIA, object_id=carrier.pk))
    CarrierYear.objects.bulk_create(new, batch_size=1000)
    CarrierYear.objects.bulk_update(changed, [*FIELDS, "source"], batch_size=1000)
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return counts
