"""Writes to the registry outside imports: enterprise filings and staff edits. One transaction, audited.

The filing workflow is a plain table of transitions; anything not in it is refused with a reason.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from gaoxin.contract.checks import row_problems
from gaoxin.contract.fields import FIGURE_FIELDS
from gaoxin.registry import audit
from gaoxin.registry.fieldmap import to_model_value
from gaoxin.registry.models import AnnualFigures, Enterprise, FiguresFiling, IntellectualProperty, TitleHeld

FIGURE_CODES = tuple(f.code for f in FIGURE_FIELDS)

# (status, action) → new status
FILING_TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "return"): "returned",
    ("submitted", "accept"): "accepted",
}
EDITABLE_STATUSES = ("draft", "returned")
ACTION_LABELS = {"submit": "提交", "return": "退回", "accept": "通过"}


class IllegalTransition(Exception):
    """A workflow step that the current status does not allow."""


class StaleEdit(Exception):
    """Someone else saved these figures after the editor loaded them; nothing was overwritten."""


class InvalidFigures(Exception):
    def __init__(self, problems: dict[str, list[str]]):
        super().__init__("; ".join(m for ms in problems.values() for m in ms))
        self.problems = problems


def check_figures(values: dict[str, Any]) -> None:
    """The import's cross-field rules, applied to an online form (field → messages)."""
    problems: dict[str, list[str]] = {}
    for p in row_problems(values):
        problems.setdefault(p.field, []).append(p.reason)
    if problems:
        raise InvalidFigures(problems)


def open_filing(user, enterprise: Enterprise, year: int) -> FiguresFiling:
    """The enterprise's open filing for `year`, started from its accepted figures when it has none."""
    filing = FiguresFiling.objects.filter(enterprise=enterprise, year=year).exclude(status="accepted").first()
    if filing:
        return filing
    current = AnnualFigures.objects.filter(enterprise=enterprise, year=year).first()
    values = current.figure_values() if current else {}
    return FiguresFiling(enterprise=enterprise, year=year, created_by=user, **values)


@transaction.atomic
def save_filing(user, filing: FiguresFiling, values: dict[str, Any]) -> FiguresFiling:
    if filing.pk and filing.status not in EDITABLE_STATUSES:
        raise IllegalTransition(f"“{filing.get_status_display()}”状态的填报不能修改")
    check_figures(values)
    for code in FIGURE_CODES:
        setattr(filing, code, to_model_value(code, values.get(code)))
    filing.created_by = filing.created_by or user
    filing.save()
    return filing


@transaction.atomic
def transition_filing(user, filing: FiguresFiling, action: str, reason: str = "") -> FiguresFiling:
    filing = FiguresFiling.objects.select_for_update().get(pk=filing.pk)
    target = FILING_TRANSITIONS.get((filing.status, action))
    if target is None:
        raise IllegalTransition(
            f"“{filing.get_status_display()}”状态的填报不能{ACTION_LABELS.get(action, action)}")
    if action == "return" and not reason.strip():
        raise IllegalTransition("退回时须写明原因")
    if action == "submit":
        check_figures(filing.figure_values())
        filing.submitted_at = timezone.now()
    if action in ("return", "accept"):
        filing.decided_by, filing.decided_at = user, timezone.now()
        filing.return_reason = reason.strip() if action == "return" else ""
    if action == "accept":
        _apply(user, filing.enterprise, filing.year, filing.figure_values(), source="online",
               via=f"企业填报 #{filing.pk}")
    filing.status = target
    filing.save()
    return filing


@transaction.atomic
def update_figures(user, enterprise: Enterprise, year: int, values: dict[str, Any],
                   expected_version: int | None) -> AnnualFigures:
    """A staff edit of one year's figures; refused if the record changed since the editor loaded it."""
    check_figures(values)
    current = AnnualFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    stored = current.version if current else None
    if stored != expected_version:
        raise StaleEdit(f"{enterprise.name} {year} 年度数据已被他人修改（版本 {stored}），请刷新后重新编辑")
    return _apply(user, enterprise, year, values, source="staff", via="工作人员编辑", current=current)


def _apply(user, enterprise: Enterprise, year: int, values: dict[str, Any], *, source: str, via: str,
           current: AnnualFigures | None = None) -> AnnualFigures:
    if current is None:
        current = AnnualFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    new = {c: to_model_value(c, values.get(c)) for c in FIGURE_CODES}
    label = f"{enterprise.name} {year} 年度数据"
    if current is None:
        current = AnnualFigures.objects.create(enterprise=enterprise, year=year, source=source, **new)
        audit.entry(user=user, enterprise=enterprise, subject="annualfigures", label=label, action="create",
                    changes=audit.changes_between({}, new), via=via).save()
        return current
    changes = audit.changes_between(current.figure_values(), new)
    if changes:
        for code, value in new.items():
            setattr(current, code, value)
        current.version += 1
        current.source = source
        current.save()
        audit.entry(user=user, enterprise=enterprise, subject="annualfigures", label=label, action="update",
                    changes=changes, via=via).save()
    return current


@transaction.atomic
def record_grant(user, enterprise: Enterprise, grant: TitleHeld | IntellectualProperty) -> None:
    """Save a new title grant or IP right recorded by zone staff, with its audit entry."""
    grant.enterprise = enterprise
    grant.full_clean()
    grant.save()
    fields = [f.name for f in grant._meta.fields if f.name not in ("id", "enterprise")]
    audit.entry(user=user, enterprise=enterprise, subject=grant._meta.model_name, label=str(grant), action="create",
                changes=audit.changes_between({}, {f: getattr(grant, f) for f in fields}), via="工作人员录入").save()
