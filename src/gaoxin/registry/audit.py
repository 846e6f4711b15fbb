"""The audit history: every change to enterprise data, with who, when and old → new.

Services call `changes_between` and `entry`; bulk writers (the importer) collect entries and save them in one
`bulk_create`. Values are kept as display strings, so the history reads the same after a field changes type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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
        if _same(before, value):
            continue
        changed[key] = [display(before), display(value)]
    return changed


def _same(a: Any, b: Any) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool):
        return Decimal(a) == Decimal(b)
    return a == b


def entry(*, user, enterprise: Enterprise, subject: str, label: str, action: str,
          changes: dict[str, list[str]], via: str = "") -> AuditEntry:
    """An unsaved audit entry (save it, or collect many for bulk_create)."""
    return AuditEntry(user=user if user and user.is_authenticated else None, enterprise=enterprise,
                      subject=subject, object_label=label[:200], action=action, changes=changes, via=via[:60])
