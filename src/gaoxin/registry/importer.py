"""Importing enterprise-year files: all or nothing, audited, and a re-import of the same file changes nothing.

Flow: read (intake.reader) → check against the contract (intake.validate) → check against the registry (parks
exist, new enterprises have names) → if any problem, record a rejected batch and write nothing; otherwise write
everything in one transaction with one audit entry per changed record.

An empty cell never erases a stored value: empty means "not provided" (unknown), and a file that lacks a value
must not lose one the zone already holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from pypinyin import Style, lazy_pinyin

from gaoxin.accounts.scope import Scope
from gaoxin.contract.fields import ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.intake.reader import BadHeader, UnreadableFile, read_table
from gaoxin.intake.titles import TitleRecord, check_titles, flat_titles
from gaoxin.intake.validate import Checked, Problem, Record, check_sheet, header_problems, missing_optional
from gaoxin.registry import audit, lineage
from gaoxin.registry.events import bulk_written
from gaoxin.registry.lineage import Source
from gaoxin.registry.models import AnnualFigures, AuditEntry, Enterprise, ImportBatch, Park, TitleHeld
from gaoxin.registry.signals import enterprises_changed
from gaoxin.registry.uploads import import_limits, run_stored, store

TITLES_SHEET = "称号表"
ENTERPRISE_CODES = tuple(f.code for f in ENTERPRISE_FIELDS if f.code not in ("credit_code", "park"))
FIGURE_CODES = tuple(f.code for f in FIGURE_FIELDS)
Progress = Callable[[int, int], None]


@dataclass
class Outcome:
    batch: ImportBatch
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def name_initials(name: str) -> str:
    """Pinyin initials of a Chinese name (星云科技 → xykj), so users can search as they type in an IME."""
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore") if p).lower()


def import_file(data: bytes, file_name: str, user=None, progress: Progress | None = None,
                batch: ImportBatch | None = None) -> Outcome:
    """Import the file all or nothing; `batch` is the queued batch of an upload (`queue_import`), filled in here
    rather than a new one."""
    sha = hashlib.sha256(data).hexdigest()
    titles: list[TitleRecord] = []
    limits = import_limits()
    try:
        sheet = read_table(data, file_name, limits, header_check=header_problems)
        checked = check_sheet(sheet, limits)
        flat = flat_titles(sheet)
        titles, checked.problems = flat.records, checked.problems + flat.problems
        if sheet.titles is not None:
            checked_titles = check_titles(sheet.titles)
            titles += checked_titles.records
            checked.ignored += [f"{TITLES_SHEET}·{h}" for h in checked_titles.ignored]
            checked.problems += [Problem(p.row, f"{TITLES_SHEET}·{p.column}", p.value, p.reason)
                                 for p in checked_titles.problems]
    except BadHeader as exc:
        checked = Checked(problems=exc.problems)
    except UnreadableFile as exc:
        checked = Checked(problems=[Problem(None, "", file_name, str(exc))])
    if checked.ok:
        _check_against_registry(checked, titles)
    if not checked.ok:
        checked.cap(limits.max_problems)
        problems = checked.summarised()
        batch = _batch(batch, file_name, sha, user, status="rejected", rows=len(checked.records),
                       errors=[p.as_dict() for p in problems])
        return Outcome(batch, problems)
    with transaction.atomic():
        batch = _batch(batch, file_name, sha, user, status="imported", rows=len(checked.records),
                       warnings=warnings(checked))
        _write(checked.records, batch, user, progress, titles)
        batch.save()
        codes = {r.values["credit_code"] for r in checked.records} | {t.values["credit_code"] for t in titles}
        ids = list(Enterprise.objects.filter(credit_code__in=codes).values_list("pk", flat=True))
        transaction.on_commit(lambda: enterprises_changed.send(sender=ImportBatch, enterprise_ids=ids))
        transaction.on_commit(lambda: bulk_written.send(ImportBatch))
    return Outcome(batch, [])


def warnings(checked: Checked) -> list[str]:
    """What the result page says besides the counts: columns not read, and the contract's columns the file lacks
    (their stored figures stay as they are)."""
    said = []
    if checked.ignored:
        said.append(gettext("未读取的列：{columns}").format(columns="、".join(checked.ignored)))
    missing = missing_optional(checked)
    if missing:
        shown = "、".join(missing[:12]) + (gettext(" 等 {n} 列").format(n=len(missing)) if len(missing) > 12 else "")
        said.append(gettext("文件未包含的列（企业库中已有的数据保持不变）：{columns}").format(columns=shown))
    return said


def _batch(batch: ImportBatch | None, file_name: str, sha: str, user, **values) -> ImportBatch:
    if batch is None:
        return ImportBatch.objects.create(file_name=file_name[:255], sha256=sha,
                                          uploaded_by=Scope.of(user).actor, **values)
    for name, value in values.items():
        setattr(batch, name, value)
    batch.sha256 = sha
    batch.save()
    return batch


def queue_import(upload, user) -> ImportBatch:
    """Keep an uploaded file of yearly figures and queue its import (`registry_import`); staff only."""
    return store(upload, user, kind="figures", job="registry_import", rule="registry.manage")


def run_queued(batch_id: int, progress: Progress | None = None) -> ImportBatch:
    """The job's work: import a queued batch's stored file into that batch."""
    return run_stored(batch_id, lambda data, batch: import_file(data, batch.file_name, batch.uploaded_by,
                                                                progress, batch=batch))


def _check_against_registry(checked: Checked, titles: list[TitleRecord]) -> None:
    parks = {p.name: p for p in Park.objects.filter(active=True)}
    codes = {r.values["credit_code"] for r in checked.records}
    known = set(_existing_enterprises(codes | {t.values["credit_code"] for t in titles}))
    in_file_or_registry = known | codes
    for title in titles:
        if title.values["credit_code"] not in in_file_or_registry:
            checked.problems.append(Problem(title.row, f"{TITLES_SHEET}·统一社会信用代码", title.values["credit_code"],
                                            "该企业既不在企业库中，也不在本文件的年度数据中"))
    named = {r.values["credit_code"] for r in checked.records if r.values.get("name")}
    for record in checked.records:
        park = record.values.get("park")
        if park and park not in parks:
            checked.problems.append(Problem(record.row, checked.columns["park"], park,
                                            f"园区/街道“{park}”不存在，请先在系统中登记或更正名称"))
        code = record.values["credit_code"]
        if code not in known and code not in named:
            checked.problems.append(Problem(record.row, checked.columns.get("name", "企业名称"), "",
                                            "新企业须填写企业名称"))
            named.add(code)  # report once per enterprise


def _existing_enterprises(codes: Iterable[str]) -> dict[str, Enterprise]:
    found: dict[str, Enterprise] = {}
    codes = list(codes)
    for i in range(0, len(codes), 900):  # stay under SQLite's bound-parameter limit
        for e in Enterprise.objects.filter(credit_code__in=codes[i:i + 900]):
            found[e.credit_code] = e
    return found


def _enterprise_values(records: list[Record]) -> dict[str, dict[str, Any]]:
    """Enterprise-level columns per credit code: the latest year's non-empty value wins."""
    merged: dict[str, dict[str, Any]] = {}
    for record in sorted(records, key=lambda r: r.values["year"]):
        target = merged.setdefault(record.values["credit_code"], {})
        for code in (*ENTERPRISE_CODES, "park"):
            if code in record.values:
                target[code] = record.values[code]
    return merged


def _write(records: list[Record], batch: ImportBatch, user, progress: Progress | None,
           titles: list[TitleRecord]) -> None:
    via = f"导入 #{batch.pk} {batch.file_name}"
    source = Source.of_batch("import", batch)
    entries: list[AuditEntry] = []
    kept = Kept()
    enterprises = _upsert_enterprises(_enterprise_values(records), batch, user, via, entries, source, kept)
    total = len(records)
    existing = _existing_figures(enterprises.values())
    to_create, to_update, sourced, touched = [], [], [], set()
    for done, record in enumerate(records, start=1):
        enterprise = enterprises[record.values["credit_code"]]
        year = record.values["year"]
        reported = {c: record.values[c] for c in FIGURE_CODES if c in record.values}
        current = existing.get((enterprise.pk, year))
        label = f"{enterprise.name} {year} 年度数据"
        if current is None:
            current = AnnualFigures(enterprise=enterprise, year=year, source="import")
            new = lineage.merge(current, reported, source)
            audit.apply_changes(current, new)
            to_create.append(current)
            entries.append(audit.entry(user=user, enterprise=enterprise, subject="annualfigures", label=label,
                                       action="create", changes=audit.changes_between({}, new), via=via))
        else:
            kept.count(current, reported, "import")
            before = current.lineage
            changes = audit.apply_changes(current, lineage.merge(current, reported, source))
            if changes:
                current.version += 1
                current.source = "import"
                to_update.append(current)
                touched.update(changes)
                entries.append(audit.entry(user=user, enterprise=enterprise, subject="annualfigures",
                                           label=label, action="update", changes=changes, via=via))
                batch.figures_updated += 1
            else:
                batch.unchanged += 1
                if current.lineage != before:  # a value a higher source outranks: recorded, not written
                    sourced.append(current)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    AnnualFigures.objects.bulk_create(to_create, batch_size=500)
    # only the columns some row changed: an UPDATE per batch grows with rows × columns
    AnnualFigures.objects.bulk_update(to_update, [*sorted(touched), "version", "source", "lineage"], batch_size=500)
    AnnualFigures.objects.bulk_update(sourced, ["lineage"], batch_size=500)
    others = {t.values["credit_code"] for t in titles} - enterprises.keys()  # titles of enterprises not in the rows
    _upsert_titles(titles, enterprises | _existing_enterprises(others), user, via, entries)
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    batch.figures_created = len(to_create)
    batch.warnings = [*batch.warnings, *kept.warnings()]


@dataclass
class Kept:
    """Values the file gave that a higher-ranked source outranks (`contract.lineage`): recorded as this
    import's reports, not written; the result says how many and where to see both."""

    by_source: dict[str, int] = field(default_factory=dict)

    def count(self, obj, reported: dict[str, Any], kind: str) -> None:
        for code, value in reported.items():
            if source := lineage.kept_by(obj, code, value, kind):
                self.by_source[source] = self.by_source.get(source, 0) + 1

    def warnings(self) -> list[str]:
        return [gettext("{n} 项数据与“{source}”的数值不同，按来源优先级保留了“{source}”的数值；"
                        "两者都记在企业页面的“数据来源”中").format(n=n, source=source)
                for source, n in sorted(self.by_source.items())]


def _upsert_titles(titles: list[TitleRecord], enterprises: dict[str, Enterprise], user, via: str,
                   entries: list[AuditEntry]) -> None:
    """A title grant is identified by enterprise, title and recognition date; its other columns are updated."""
    for record in titles:
        values = dict(record.values)
        enterprise = enterprises[values.pop("credit_code")]
        key = {"title": values.pop("title"), "recognized_on": values.pop("recognized_on")}
        values = {k: v for k, v in values.items() if v is not None}
        grant = TitleHeld.objects.filter(enterprise=enterprise, **key).first()
        if grant is None:
            grant = TitleHeld.objects.create(enterprise=enterprise, **key, **values)
            entries.append(audit.entry(user=user, enterprise=enterprise, subject="titleheld", label=str(grant),
                                       action="create", changes=audit.changes_between({}, key | values), via=via))
            continue
        changes = audit.changes_between({k: getattr(grant, k) for k in values}, values)
        if changes:
            for k, v in values.items():
                setattr(grant, k, v)
            grant.save()
            entries.append(audit.entry(user=user, enterprise=enterprise, subject="titleheld", label=str(grant),
                                       action="update", changes=changes, via=via))


def _existing_figures(enterprises: Iterable[Enterprise]) -> dict[tuple[int, int], AnnualFigures]:
    ids = [e.pk for e in enterprises]
    found = {}
    for i in range(0, len(ids), 900):
        for f in AnnualFigures.objects.filter(enterprise_id__in=ids[i:i + 900]):
            found[(f.enterprise_id, f.year)] = f
    return found


def _upsert_enterprises(values: dict[str, dict[str, Any]], batch: ImportBatch, user, via: str,
                        entries: list[AuditEntry], source: Source, kept: Kept) -> dict[str, Enterprise]:
    parks = {p.name: p for p in Park.objects.all()}
    existing = _existing_enterprises(values)
    for code, fields in values.items():
        reported = {k: v for k, v in fields.items() if k != "park"}
        if "park" in fields:
            reported["park_id"] = parks[fields["park"]].pk
        enterprise = existing.get(code)
        if enterprise is None:
            enterprise = Enterprise(credit_code=code)
            audit.apply_changes(enterprise, lineage.merge(enterprise, reported, source))
            enterprise.name_initials = name_initials(enterprise.name)
            enterprise.save()
            existing[code] = enterprise
            batch.enterprises_created += 1
            entries.append(audit.entry(user=user, enterprise=enterprise, subject="enterprise", label=enterprise.name,
                                       action="create", changes=audit.changes_between({}, fields), via=via))
            continue
        before, reports = audit.values_of(enterprise, tuple(reported)), enterprise.lineage
        kept.count(enterprise, reported, "import")
        changes = audit.apply_changes(enterprise, lineage.merge(enterprise, reported, source))
        if not changes:
            if enterprise.lineage != reports:
                enterprise.save(update_fields=["lineage"])
            continue
        enterprise.name_initials = name_initials(enterprise.name)
        enterprise.save()
        if "park_id" in changes:
            changes["park"] = [_park_name(parks, before["park_id"]), fields["park"]]
            del changes["park_id"]
        entries.append(audit.entry(user=user, enterprise=enterprise, subject="enterprise", label=enterprise.name,
                                   action="update", changes=changes, via=via))
    return existing


def _park_name(parks: dict[str, Park], park_id: int | None) -> str:
    return next((name for name, p in parks.items() if p.pk == park_id), "（空）")
