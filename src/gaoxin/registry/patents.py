"""专利/软著清单 in: each right recorded against its holder's enterprise, all or nothing, audited, and the
contract's yearly IP counts (Ⅰ类, of which 自主研发 / 高价值, Ⅱ类 — in force on 31 December) derived from the
enterprise's rights for every year it has figures, so the engine reads what the list shows.

A right whose lapse date the list does not give is left out of the years after its grant (it may or may not have
been in force) and the result says how many were; the enterprise page lists the rights behind each count."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext

from gaoxin.contract.titles import IP_CLASS, ip_in_force
from gaoxin.intake.patents import PatentRecord, read_patents
from gaoxin.intake.validate import Problem
from gaoxin.registry import audit, lineage
from gaoxin.registry.events import bulk_written
from gaoxin.registry.lineage import Source
from gaoxin.registry.models import AnnualFigures, AuditEntry, Enterprise, ImportBatch, IntellectualProperty
from gaoxin.registry.signals import enterprises_changed
from gaoxin.registry.title_lists import matcher
from gaoxin.registry.uploads import begin, count, import_limits, read_or_reject, reject, run_import, store

VIA = "专利清单"
COUNTS = ("ip_class1", "ip_class1_self", "ip_class1_high_value", "ip_class2")
STORED = ("kind", "title", "applied_on", "granted_on", "legal_status", "lapsed_on", "holder")


def queue_patents(upload, user) -> ImportBatch:
    """Keep an uploaded 专利/软著清单 and queue its import (`registry_patents`); staff only."""
    return store(upload, user, kind="patents", job="registry_patents", rule="registry.manage")


def run_patents(batch_id: int) -> ImportBatch:
    """The job's work: import a queued batch's stored list into that batch."""
    return run_import(batch_id, import_patents)


def import_patents(data: bytes, file_name: str, user=None, batch: ImportBatch | None = None) -> ImportBatch:
    """Read, match and record a list; a rejected list keeps its problems on the batch and changes nothing."""
    batch = begin("patents", data, file_name, user, batch)
    read = read_or_reject(batch, lambda: read_patents(data, file_name, import_limits()))
    if read is None:
        return batch
    problems: list[Problem] = []
    owners = _owners(read.records, problems)
    if problems:
        return reject(batch, problems)
    with transaction.atomic():
        batch.status, batch.rows = "imported", len(read.records)
        batch.save()
        counts = _write_rights(read.records, owners, batch, user)
        derived, undetermined = derive_counts(set(owners.values()), user, Source.of_batch("patents", batch))
        count(batch, counts["created"], counts["updated"], counts["unchanged"])
        batch.summary = _summary(counts, derived, undetermined)[:200]
        batch.save()
        ids = list(set(owners.values()))
        transaction.on_commit(lambda: enterprises_changed.send(sender=ImportBatch, enterprise_ids=ids))
        transaction.on_commit(lambda: bulk_written.send(IntellectualProperty))
    return batch


def _owners(records: list[PatentRecord], problems: list[Problem]) -> dict[int, int]:
    """Each row's enterprise id, by credit code or the holder's name; a holder not surely found is a problem."""
    index, owners = matcher(), {}
    for record in records:
        holder = record.holder.replace("；", ";").split(";")[0]  # co-owned: the first holder is the applicant
        found = index.match(holder, record.credit_code)
        if found.enterprise is None:
            why = found.reason or gettext("企业库中没有该企业")
            problems.append(Problem(record.row, "权利人", record.holder,
                                    gettext("权利人未能确定对应企业：{why}").format(why=why)))
            continue
        owners[record.row] = found.enterprise.id
    return owners


def _write_rights(records: list[PatentRecord], owners: dict[int, int], batch: ImportBatch, user) -> dict[str, int]:
    existing = {(r.enterprise_id, r.number): r for r in IntellectualProperty.objects.filter(
        enterprise_id__in=set(owners.values()), number__in=[r.number for r in records])}
    enterprises = Enterprise.objects.in_bulk(set(owners.values()))
    new, changed, entries = [], [], []
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for record in records:
        enterprise = enterprises[owners[record.row]]
        values = {"kind": record.kind, "title": record.title, "applied_on": record.applied_on,
                  "granted_on": record.granted_on, "legal_status": record.status, "lapsed_on": record.lapsed_on,
                  "holder": record.holder[:200]}
        current = existing.get((enterprise.pk, record.number))
        label = f"{record.number} {record.title}"[:200]
        if current is None:
            new.append(IntellectualProperty(enterprise=enterprise, number=record.number, source=batch, **values))
            counts["created"] += 1
            entries.append(audit.entry(user=user, enterprise=enterprise, subject="intellectualproperty",
                                       label=label, action="create", changes=audit.changes_between({}, values),
                                       via=VIA))
            continue
        changes = audit.apply_changes(current, values)
        if not changes:
            counts["unchanged"] += 1
            continue
        current.source = batch
        changed.append(current)
        counts["updated"] += 1
        entries.append(audit.entry(user=user, enterprise=enterprise, subject="intellectualproperty", label=label,
                                   action="update", changes=changes, via=VIA))
    IntellectualProperty.objects.bulk_create(new, batch_size=2000)
    IntellectualProperty.objects.bulk_update(changed, [*STORED, "source"], batch_size=2000)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return counts


def year_counts(rights: list[IntellectualProperty], year: int) -> tuple[dict[str, int], int]:
    """The contract's four counts for 31 December of `year` (main-product rights only), and how many rights the
    list leaves undetermined that day."""
    end, counts, undetermined = dt.date(year, 12, 31), dict.fromkeys(COUNTS, 0), 0
    for right in rights:
        if not right.main_product:
            continue
        in_force = ip_in_force(end, kind=right.kind, status=right.legal_status, applied_on=right.applied_on,
                               granted_on=right.granted_on, expires_on=right.expires_on, lapsed_on=right.lapsed_on)
        if in_force is None:
            undetermined += 1
        elif in_force and IP_CLASS[right.kind] == 1:
            counts["ip_class1"] += 1
            counts["ip_class1_self"] += right.acquisition == "self_developed"
            counts["ip_class1_high_value"] += right.high_value
        elif in_force:
            counts["ip_class2"] += 1
    return counts, undetermined


def derive_counts(enterprise_ids: set[int], user, source: Source) -> tuple[int, int]:
    """Write the derived counts into every year of figures the enterprises have, as `source`'s reports (专利, so
    they outrank a count typed into a yearly sheet: `contract.lineage`); audited. Returns the rows changed and
    the (enterprise, year) pairs with rights the list leaves undetermined."""
    via = f"{VIA} #{source.batch}" if source.batch else VIA
    rights = defaultdict(list)
    for right in IntellectualProperty.objects.filter(enterprise_id__in=enterprise_ids):
        rights[right.enterprise_id].append(right)
    touched, changed, entries, undetermined = [], 0, [], 0
    for figures in AnnualFigures.objects.filter(enterprise_id__in=enterprise_ids).select_related("enterprise"):
        counts, unknown = year_counts(rights[figures.enterprise_id], figures.year)
        undetermined += bool(unknown)
        before = figures.lineage
        changes = audit.apply_changes(figures, lineage.merge(figures, counts, source))
        if changes or figures.lineage != before:
            touched.append(figures)
        if not changes:
            continue
        figures.version += 1
        changed += 1
        entries.append(audit.entry(user=user, enterprise=figures.enterprise, subject="annualfigures",
                                   label=f"{figures.enterprise.name} {figures.year} 年度数据", action="update",
                                   changes=changes, via=via[:60]))
    AnnualFigures.objects.bulk_update(touched, [*COUNTS, "version", "lineage"], batch_size=2000)
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return changed, undetermined


def _summary(counts: dict[str, int], derived: int, undetermined: int) -> str:
    text = gettext("知识产权 新增 {created} 项、更新 {updated} 项、未变化 {unchanged} 项；"
                   "按清单重算了 {derived} 条年度数据的知识产权数量").format(derived=derived, **counts)
    if undetermined:
        text += gettext("；{n} 个企业年度有失效日期不详的权利，未计入").format(n=undetermined)
    return text
