"""Writes to the registry outside imports: enterprise filings and staff edits. One transaction, audited.

A filing moves on the `FILING` machine (`registry/machines.py`): anything it does not allow is refused with a
reason, and every move is recorded with its to-dos and notices.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import Scope
from gaoxin.contract.checks import row_problems
from gaoxin.contract.fields import FIGURE_FIELDS
from gaoxin.registry import audit, lineage
from gaoxin.registry.fieldmap import to_model_value
from gaoxin.registry.lineage import Source
from gaoxin.registry.machines import EDITABLE, FILING
from gaoxin.registry.models import AnnualFigures, Enterprise, FiguresFiling, IntellectualProperty, TitleHeld
from gaoxin.workflow.machine import IllegalTransition, advance

FIGURE_CODES = tuple(f.code for f in FIGURE_FIELDS)

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
def save_filing(user, filing: FiguresFiling, values: dict[str, Any],
                facts: dict[str, Any] | None = None) -> FiguresFiling:
    """Save the enterprise's draft (or returned) filing, with enterprise-level `facts` when a 调查排摸 asked for
    them; refused once submitted or decided."""
    if filing.pk:
        Scope.of(user).require("registry.submit_filing", filing)
    if filing.pk and filing.status not in EDITABLE:
        raise IllegalTransition(gettext("“{state}”状态的填报不能修改")
                .format(state=FILING.label(filing.status)))
    check_figures(values)
    for code in FIGURE_CODES:
        setattr(filing, code, to_model_value(code, values.get(code)))
    if facts is not None:
        filing.facts = {code: lineage.to_json(value) for code, value in facts.items()
                        if code in lineage.ENTERPRISE_TRACED}
    filing.created_by = filing.created_by or user
    filing.save()
    return filing


def transition_filing(user, filing: FiguresFiling, action: str, reason: str = "") -> FiguresFiling:
    """Move a filing on `FILING`: submitting checks the figures again; accepting writes them into the registry,
    audited, in the same transaction as the move."""
    def change(locked: FiguresFiling) -> None:
        if action == "submit":
            check_figures(locked.figure_values())
            locked.submitted_at = timezone.now()
        if action in ("return", "accept"):
            locked.decided_by, locked.decided_at = Scope.of(user).actor, timezone.now()
            locked.return_reason = reason.strip() if action == "return" else ""
        if action == "accept":
            current = AnnualFigures.objects.select_for_update().filter(enterprise=locked.enterprise,
                                                                       year=locked.year).first()
            _apply(user, locked.enterprise, locked.year, _edited(current, locked.figure_values()),
                   Source.of_filing(locked), row_source="online", via=f"企业填报 #{locked.pk}", current=current)
            _apply_facts(user, locked)

    return advance(FILING, filing, action, user, reason, change=change)


@transaction.atomic
def update_figures(user, enterprise: Enterprise, year: int, values: dict[str, Any],
                   expected_version: int | None) -> AnnualFigures:
    """A staff edit of one year's figures; refused if the record changed since the editor loaded it."""
    check_figures(values)
    current = AnnualFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    stored = current.version if current else None
    if stored != expected_version:
        raise StaleEdit(gettext("{enterprise_name} {year} 年度数据已被他人修改（版本 {stored}），请刷新后重新编辑")
                .format(enterprise_name=enterprise.name, year=year, stored=stored))
    return _apply(user, enterprise, year, _edited(current, values), Source.of_staff(Scope.of(user).actor),
                  row_source="staff", via="工作人员编辑", current=current)


def _apply_facts(user, filing: FiguresFiling) -> None:
    """The enterprise-level answers a filing carried, recorded as the filing's reports (`registry.lineage`)."""
    if not filing.facts:
        return
    enterprise = Enterprise.objects.select_for_update().get(pk=filing.enterprise_id)
    reported = {code: lineage.from_json(code, value) for code, value in filing.facts.items()}
    changes = audit.apply_changes(enterprise, lineage.merge(enterprise, reported, Source.of_filing(filing)))
    enterprise.save()
    if changes:
        audit.record(user, enterprise, "update", changes, via=f"企业填报 #{filing.pk}")


def _edited(current: AnnualFigures | None, values: dict[str, Any]) -> dict[str, Any]:
    """The figures a staff edit or a filing changed: both start from the figures held, so only a changed one is
    that source's report; the others keep the source they have."""
    if current is None:
        return values
    before = current.figure_values()
    return {c: v for c, v in values.items() if audit.changes_between({c: before.get(c)}, {c: v})}


def _apply(user, enterprise: Enterprise, year: int, values: dict[str, Any], source: Source, *, row_source: str,
           via: str, current: AnnualFigures | None = None) -> AnnualFigures:
    """Record `values` as `source` reported them and write the figures the priority chooses; audited."""
    if current is None:
        current = AnnualFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    label = f"{enterprise.name} {year} 年度数据"
    reported = {c: to_model_value(c, values.get(c)) for c in FIGURE_CODES if c in values}
    if current is None:
        current = AnnualFigures(enterprise=enterprise, year=year, source=row_source)
        new = lineage.merge(current, reported, source)
        audit.apply_changes(current, new)
        current.save()
        audit.entry(user=user, enterprise=enterprise, subject="annualfigures", label=label, action="create",
                    changes=audit.changes_between({}, new), via=via).save()
        return current
    before = current.lineage
    changes = audit.apply_changes(current, lineage.merge(current, reported, source))
    if changes:
        current.version += 1
        current.source = row_source
    if changes or current.lineage != before:
        current.save()
    if changes:
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
