"""工商登记信息 in: the business registry's export creates or updates each enterprise's master data, all or
nothing, every change audited. 住所 places an enterprise in the park whose 住所关键词 it contains; 吊销/注销
archive it with the reason; 经营异常 sets `credit_blacklisted`; a new name keeps the old one as a former name (so
名单导入 still finds it)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.lists import REGISTRATION_STATUSES
from gaoxin.intake.business import BusinessRecord, read_business
from gaoxin.registry import audit, lineage
from gaoxin.registry.events import bulk_written
from gaoxin.registry.importer import name_initials
from gaoxin.registry.lineage import Source
from gaoxin.registry.models import AuditEntry, Enterprise, ImportBatch, Park
from gaoxin.registry.signals import enterprises_changed
from gaoxin.registry.uploads import begin, import_limits, read_or_reject, run_import, store

VIA = "工商登记信息"
ARCHIVING = {"revoked", "cancelled"}
ARCHIVE_PREFIX = "工商登记状态："  # how an archive reason says the registry decided it
STATUS_LABEL = dict(REGISTRATION_STATUSES)
FIELDS = ("name", "founded_on", "registered_capital", "capital_currency", "industry_code", "address",
          "registration_status", "credit_blacklisted", "former_names", "park_id")


def queue_business(upload, user) -> ImportBatch:
    """Keep an uploaded 工商登记 export and queue its import (`registry_business`); staff only."""
    return store(upload, user, kind="business", job="registry_business", rule="registry.manage")


def run_business(batch_id: int) -> ImportBatch:
    return run_import(batch_id, import_business)


def import_business(data: bytes, file_name: str, user=None, batch: ImportBatch | None = None) -> ImportBatch:
    """Read and apply an export; a rejected one keeps its problems on the batch and changes nothing."""
    batch = begin("business", data, file_name, user, batch)
    read = read_or_reject(batch, lambda: read_business(data, file_name, import_limits()))
    if read is None:
        return batch
    with transaction.atomic():
        batch.status, batch.rows = "imported", len(read.records)
        batch.save()
        counts = _apply(read.records, batch, user)
        batch.enterprises_created, batch.figures_updated, batch.unchanged = (
            counts["created"], counts["updated"], counts["unchanged"])
        batch.summary = gettext("新增企业 {created} 家、更新 {updated} 家、未变化 {unchanged} 家、"
                                "按登记状态归档 {archived} 家").format(**counts)
        if counts["revived"]:
            batch.summary += gettext("、恢复 {revived} 家（登记状态为存续）").format(**counts)
        batch.summary = batch.summary[:200]
        batch.save()
        ids = list(Enterprise.objects.filter(credit_code__in=[r.credit_code for r in read.records])
                   .values_list("pk", flat=True))
        transaction.on_commit(lambda: enterprises_changed.send(sender=ImportBatch, enterprise_ids=ids))
        transaction.on_commit(lambda: bulk_written.send(Enterprise))
    return batch


def park_for(address: str, parks: list[Park]) -> Park | None:
    """The first active park (or street) whose 住所关键词 the address contains."""
    return next((p for p in parks if any(k in address for k in p.keywords)), None) if address else None


def _apply(records: list[BusinessRecord], batch: ImportBatch, user) -> dict[str, int]:
    parks = [p for p in Park.objects.filter(active=True) if p.keywords]
    existing = Enterprise.objects.in_bulk([r.credit_code for r in records], field_name="credit_code")
    actor = Scope.of(user).actor if user is not None else None
    counts = dict.fromkeys(("created", "updated", "unchanged", "archived", "revived"), 0)
    new, changed, entries = [], [], []
    source = Source.of_batch("business", batch)
    for record in records:
        enterprise = existing.get(record.credit_code)
        values = _values(record, enterprise, park_for(record.address, parks))
        if enterprise is None:
            enterprise = Enterprise(credit_code=record.credit_code, created_by=actor)
            values = lineage.merge(enterprise, values, source)
            audit.apply_changes(enterprise, values)
            enterprise.name_initials = name_initials(enterprise.name)
            new.append(enterprise)
            counts["created"] += 1
            changes = audit.changes_between({}, values)
            action = "create"
        else:
            before = enterprise.lineage
            changes = audit.apply_changes(enterprise, lineage.merge(enterprise, values, source))
            action = "update"
            if _revived(enterprise, record):
                changes["archive_reason"] = [enterprise.archive_reason, "（空）"]
                enterprise.archived_at, enterprise.archive_reason = None, ""
                counts["revived"] += 1
            if not changes and not (record.status in ARCHIVING and enterprise.archived_at is None):
                counts["unchanged"] += 1
                if enterprise.lineage != before:  # a value a higher source outranks: recorded, not written
                    changed.append(enterprise)
                continue
            enterprise.name_initials = name_initials(enterprise.name)
            changed.append(enterprise)
            counts["updated"] += bool(changes)
        if record.status in ARCHIVING and enterprise.archived_at is None:
            enterprise.archived_at = timezone.now()
            enterprise.archive_reason = ARCHIVE_PREFIX + gettext("{status}（{file}）").format(
                status=STATUS_LABEL[record.status], file=batch.file_name)[:200]
            changes["archive_reason"] = ["（空）", enterprise.archive_reason]
            counts["archived"] += 1
            action = "archive" if action == "update" else action
        entries.append((enterprise, action, changes))
    Enterprise.objects.bulk_create(new, batch_size=2000)
    Enterprise.objects.bulk_update(changed, [*FIELDS, "name_initials", "archived_at", "archive_reason", "lineage"],
                                   batch_size=2000)
    saved = Enterprise.objects.in_bulk([e.credit_code for e, _a, _c in entries], field_name="credit_code")
    AuditEntry.objects.bulk_create([
        audit.entry(user=user, enterprise=saved[e.credit_code], subject="enterprise", label=e.name, action=action,
                    changes=changes, via=VIA) for e, action, changes in entries], batch_size=2000)
    return counts


def _revived(enterprise: Enterprise, record: BusinessRecord) -> bool:
    """Archived because the registry said 吊销/注销, and now shown as 存续 (a revocation undone, a mistaken row):
    back in the registry. An enterprise staff archived for another reason stays archived."""
    return (record.status == "active" and enterprise.archived_at is not None
            and enterprise.archive_reason.startswith(ARCHIVE_PREFIX))


def _values(record: BusinessRecord, enterprise: Enterprise | None, park: Park | None) -> dict:
    """What the export says of the enterprise; a blank cell keeps what the registry has."""
    former = list(enterprise.former_names) if enterprise else []
    if enterprise and enterprise.name != record.name and enterprise.name not in former:
        former.append(enterprise.name)  # renamed: the old name stays findable
    former += [n for n in record.former_names if n not in former and n != record.name]
    values = {"name": record.name, "former_names": former, "founded_on": record.founded_on,
              "registered_capital": record.capital, "capital_currency": record.currency,
              "industry_code": record.industry_code, "address": record.address,
              "registration_status": record.status, "credit_blacklisted": record.abnormal,
              "park_id": park.pk if park else None}
    return {k: v for k, v in values.items() if v not in (None, "")}
