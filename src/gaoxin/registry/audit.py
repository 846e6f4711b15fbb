"""The audit history: every change to a record, with who, when and old → new.

A service that changes a record calls `record(by, obj, action, changes)` once, in its transaction (a write that
moves a status is recorded by the workflow's transition instead). Bulk writers (the importer) collect `entry`s
and save them in one `bulk_create`. Values are kept as display strings, so the history reads the same after a
field changes type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Model

from gaoxin.registry.models import AuditEntry, Enterprise


def display(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    """Fields whose value differs, as {field: [old, new]}; a Decimal 5 and 5.0000 are the same value."""
    changed = {}
    for key, value in new.items():
        before = old.get(key)
        if same(before, value):
            continue
        changed[key] = [display(before), display(value)]
    return changed


def same(a: Any, b: Any) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool):
        return Decimal(a) == Decimal(b)
    return a == b


def entry(*, user, enterprise: Enterprise | None, subject: str, label: str, action: str,
          changes: dict[str, list[str]], via: str = "", object_id: int | None = None) -> AuditEntry:
    """An unsaved audit entry (save it, or collect many for bulk_create)."""
    return AuditEntry(user=user if user and user.is_authenticated else None, enterprise=enterprise,
                      subject=subject, object_id=object_id, object_label=label[:200], action=action,
                      changes=changes, via=via[:60])


def values_of(obj: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """A record's values of `fields`, read before a change so `changes_between` can compare after it."""
    return {name: getattr(obj, name) for name in fields}


def apply_changes(obj: Model, values: dict[str, Any]) -> dict[str, list[str]]:
    """Set `values` on `obj` (unsaved: bulk writers save many at once) and return what changed, old → new; `obj`
    is left as it was when nothing differs."""
    changes = changes_between(values_of(obj, tuple(values)), values)
    if changes:
        for name, value in values.items():
            setattr(obj, name, value)
    return changes


def record(by, obj: Model, action: str, changes: dict[str, list[str]] | None = None, *,
           enterprise: Enterprise | None = None, via: str = "") -> AuditEntry:
    """Write the audit entry of one change to `obj` (saved, with its id): who, what, old → new. The enterprise is
    `obj` itself, or the one it belongs to (`obj.enterprise`), unless given."""
    if enterprise is None:
        enterprise = obj if isinstance(obj, Enterprise) else getattr(obj, "enterprise", None)
        enterprise = enterprise if isinstance(enterprise, Enterprise) else None
    made = entry(user=getattr(by, "actor", by), enterprise=enterprise, subject=obj._meta.model_name,
                 label=str(obj), action=action, changes=changes or {}, via=via, object_id=obj.pk)
    made.save()
    return made


def save_changes(by, obj: Model, values: dict[str, Any], fields: tuple[str, ...]) -> AuditEntry:
    """Set `fields` of `obj` from checked `values`, save it and write its audit entry: a create, or an update with
    each changed field's old → new. Call it inside the caller's transaction."""
    before, new = values_of(obj, fields), obj.pk is None
    for name in fields:
        setattr(obj, name, values[name])
    obj.save()
    return record(by, obj, "create" if new else "update", changes_between(before, values_of(obj, fields)))


def created(by, obj: Model, fields: tuple[str, ...] = (), *, action: str = "create",
            enterprise: Enterprise | None = None) -> AuditEntry:
    """The audit entry stating the values of `fields`: of a record just created, or (`action="update"`) of a
    change made once, such as a payment."""
    return record(by, obj, action, changes_between({}, values_of(obj, fields)), enterprise=enterprise)


def history_of(obj: Model):
    """The audit entries of one record, newest first."""
    return AuditEntry.objects.filter(subject=obj._meta.model_name, object_id=obj.pk).select_related("user")
